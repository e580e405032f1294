using Helpline.Core.Flows.Diagnostics;

namespace Helpline.Core.Flows.Validation;

public static partial class FlowGraphValidator
{
    /// <summary>
    /// The transitions <paramref name="state"/> can take. All of them, except on an hours state that reads a named
    /// calendar: no operator override applies there, so a calendar that never opens never takes <c>open</c> and one
    /// open around the clock every day (no holidays, no closures) never takes <c>closed</c>. The flow's own calendar
    /// can take both whatever its hours, since the override can open or close it at any time.
    /// </summary>
    private static IEnumerable<(string Trigger, StateReference Target)> Taken(FlowDefinition flow, StateDefinition state)
    {
        if (state is not HoursState { Calendar: { } named } || !flow.Calendars.TryGetValue(named.Name, out var calendar))
        {
            return state.Transitions;
        }

        return state.Transitions.Where(t =>
            !(t.Trigger == FlowTriggers.Open && calendar.Calendar.NeverOpens) && !(t.Trigger == FlowTriggers.Closed && calendar.Calendar.NeverCloses));
    }

    /// <summary>Warns at each hours branch its named calendar never takes (the reachability check then ignores it).</summary>
    private static void CheckBranchesNeverTaken(FlowDefinition flow, Reporter report)
    {
        foreach (var hours in flow.States.OfType<HoursState>())
        {
            if (hours.Calendar is not { } named || !flow.Calendars.TryGetValue(named.Name, out var calendar))
            {
                continue;
            }

            if (calendar.Calendar.NeverOpens)
            {
                report(hours.Open.Position, DiagnosticSeverity.Warning, DiagnosticCodes.BranchNeverTaken,
                    $"the 'open' branch of state '{hours.Name}' is never taken: calendar '{named.Name}' has no opening hours on any day, and the hours override does not apply to a named calendar",
                    $"give calendar '{named.Name}' its hours, or remove 'calendar:' to use the flow's own");
            }
            else if (calendar.Calendar.NeverCloses)
            {
                report(hours.Closed.Position, DiagnosticSeverity.Warning, DiagnosticCodes.BranchNeverTaken,
                    $"the 'closed' branch of state '{hours.Name}' is never taken: calendar '{named.Name}' is open around the clock every day, without holidays or closures, and the hours override does not apply to a named calendar",
                    "check the calendar's hours, or do without this hours state");
            }
        }
    }

    private static void CheckUnusedCalendars(FlowDefinition flow, Reporter report)
    {
        var used = flow.States.OfType<HoursState>().Select(h => h.Calendar?.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var calendar in flow.Calendars.Values.Where(c => !used.Contains(c.Name)))
        {
            report(calendar.Position, DiagnosticSeverity.Warning, DiagnosticCodes.UnusedCalendar, $"calendar '{calendar.Name}' is never used",
                $"name it in an hours state ('calendar: {calendar.Name}'), or remove it");
        }
    }
}
