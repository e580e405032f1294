using Helpline.Core.Flows.Diagnostics;
using Helpline.Core.Voice;

namespace Helpline.Core.Flows.Validation;

/// <summary>
/// Checks a loaded flow as a graph, the checks that keep callers safe: every reference exists, every state can be
/// reached and can end, no failure hangs up without a word, no menu leaves a silent caller waiting, no endless loop of
/// messages, no ambiguous menu, no chain of messages too large for one answer. Stateless itself only notices some of
/// these when a trigger fires, i.e. during a real call.
/// </summary>
public static partial class FlowGraphValidator
{
    private static readonly HashSet<string> FailureTriggers =
        new([FlowTriggers.Busy, FlowTriggers.NoAnswer, FlowTriggers.Failed, FlowTriggers.Overflow, FlowTriggers.Timeout, FlowTriggers.Invalid], StringComparer.Ordinal);

    /// <summary>Adds every finding about <paramref name="flow"/> to <paramref name="diagnostics"/>.</summary>
    /// <param name="flow">The flow.</param>
    /// <param name="file">The file name used in messages.</param>
    /// <param name="baseDirectory">The folder recordings are relative to.</param>
    /// <param name="diagnostics">Where findings go.</param>
    /// <param name="invalidStates">States that are declared but could not be read (already reported): references to them are not reported again, and the graph checks wait until they are fixed.</param>
    public static void Validate(FlowDefinition flow, string file, string baseDirectory, ICollection<FlowDiagnostic> diagnostics, IReadOnlySet<string>? invalidStates = null)
    {
        invalidStates ??= new HashSet<string>();
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(diagnostics);
        void Report(SourcePosition at, DiagnosticSeverity severity, string code, string message, string? hint = null) =>
            diagnostics.Add(new FlowDiagnostic(file, at, severity, code, message, hint));

        var referencesOk = CheckReferences(flow, invalidStates, Report) && invalidStates.Count == 0;
        CheckDestinations(flow, Report);
        CheckUnusedCalendars(flow, Report);
        CheckCallbackWindows(flow, Report);
        CheckMenus(flow, Report);
        CheckPrompts(flow, baseDirectory, Report);
        CheckSharedRecordings(flow, Report);
        if (!referencesOk)
        {
            return; // graph checks on a graph with holes would only repeat the same mistakes
        }

        CheckBranchesNeverTaken(flow, Report);
        CheckReachability(flow, Report);
        CheckSilentEnds(flow, Report);
        if (CheckAutomaticLoops(flow, Report))
        {
            CheckAnswerSizes(flow, Report);
        }
    }

    private delegate void Reporter(SourcePosition at, DiagnosticSeverity severity, string code, string message, string? hint = null);

    private static bool CheckReferences(FlowDefinition flow, IReadOnlySet<string> invalidStates, Reporter report)
    {
        var ok = true;
        var names = flow.States.Select(s => s.Name).ToList();
        void Check(StateReference reference, string from)
        {
            if (flow.FindState(reference.Name) is null && !invalidStates.Contains(reference.Name))
            {
                ok = false;
                var near = names.FirstOrDefault(n => string.Equals(n, reference.Name, StringComparison.OrdinalIgnoreCase))
                    ?? names.MinBy(n => Distance(n, reference.Name));
                report(reference.Position, DiagnosticSeverity.Error, DiagnosticCodes.UnknownState, $"{from} refers to state '{reference.Name}', which does not exist",
                    near is null ? "declare it under 'states:'" : $"did you mean '{near}'?");
            }
        }

        Check(flow.Start, "'start'");
        if (!flow.Destinations.ContainsKey(flow.Emergency.Destination.Name))
        {
            ok = false;
            report(flow.Emergency.Destination.Position, DiagnosticSeverity.Error, DiagnosticCodes.UnknownDestination,
                $"'emergency' transfers to '{flow.Emergency.Destination.Name}', which is not under 'destinations:'", "name one of the destinations, e.g. the 3919");
        }

        foreach (var state in flow.States)
        {
            foreach (var (trigger, target) in state.Transitions)
            {
                Check(target, $"state '{state.Name}' ({trigger})");
            }

            if (state is HoursState { Calendar: { } calendar } && !flow.Calendars.ContainsKey(calendar.Name))
            {
                ok = false;
                var near = Loading.MappingReader.Closest(calendar.Name, flow.Calendars.Keys);
                report(calendar.Position, DiagnosticSeverity.Error, DiagnosticCodes.UnknownCalendar,
                    $"state '{state.Name}' reads calendar '{calendar.Name}', which is not under 'calendars:'",
                    near is not null ? $"did you mean '{near}'?"
                    : flow.Calendars.Count == 0 ? "declare it under 'calendars:' (same shape as 'calendar:'), or remove 'calendar:' to use the flow's own hours"
                    : $"known calendars: {string.Join(", ", flow.Calendars.Keys)}; or declare it under 'calendars:', or remove 'calendar:' to use the flow's own hours");
            }

            if (state is TransferState transfer && !flow.Destinations.ContainsKey(transfer.Destination.Name))
            {
                report(transfer.Destination.Position, DiagnosticSeverity.Error, DiagnosticCodes.UnknownDestination,
                    $"state '{state.Name}' transfers to '{transfer.Destination.Name}', which is not under 'destinations:'",
                    flow.Destinations.Count == 0 ? "declare it under 'destinations:'" : $"known destinations: {string.Join(", ", flow.Destinations.Keys)}");
            }
        }

        return ok;
    }

    private static void CheckDestinations(FlowDefinition flow, Reporter report)
    {
        var used = flow.States.OfType<TransferState>().Select(t => t.Destination.Name).ToHashSet(StringComparer.Ordinal);
        used.Add(flow.Emergency.Destination.Name);
        foreach (var destination in flow.Destinations.Values.Where(d => !used.Contains(d.Name)))
        {
            report(destination.Position, DiagnosticSeverity.Warning, DiagnosticCodes.UnusedDestination, $"destination '{destination.Name}' is never used", "remove it or add a transfer to it");
        }
    }

    private static void CheckMenus(FlowDefinition flow, Reporter report)
    {
        foreach (var menu in flow.States.OfType<MenuState>())
        {
            var choices = menu.Choices.OrderBy(c => c.Keys, StringComparer.Ordinal).ToList();
            for (var i = 0; i < choices.Count; i++)
            {
                for (var j = i + 1; j < choices.Count; j++)
                {
                    var (a, b) = (choices[i], choices[j]);
                    if (b.Keys.StartsWith(a.Keys, StringComparison.Ordinal))
                    {
                        var later = a.Position.Line > b.Position.Line || (a.Position.Line == b.Position.Line && a.Position.Column > b.Position.Column) ? a : b;
                        report(later.Position, DiagnosticSeverity.Error, DiagnosticCodes.OverlappingChoices,
                            a.Keys == b.Keys
                                ? $"menu '{menu.Name}' has choice '{a.Keys}' twice"
                                : $"menu '{menu.Name}': choice '{a.Keys}' is the start of choice '{b.Keys}', so a caller pressing '{a.Keys}' cannot be told apart",
                            "give every choice the same number of keys, or make none the start of another");
                    }
                }
            }
        }
    }

    private static void CheckPrompts(FlowDefinition flow, string baseDirectory, Reporter report)
    {
        foreach (var (state, prompt) in Prompts(flow))
        {
            if (prompt.AudioPath is null)
            {
                continue;
            }

            var who = Who(flow, state, prompt);
            if (VoiceLimits.RecordingProblem(prompt.RecordingFile ?? string.Empty) is { } problem)
            {
                // The server would serve it to no avail (or not at all): simulate and the server both speak the text.
                report(prompt.Position, DiagnosticSeverity.Warning, DiagnosticCodes.UnplayableRecording,
                    $"{who}: recording '{prompt.AudioPath}' cannot be played ({problem}); the text will be spoken instead",
                    "record it as WAV (8 kHz mono) or MP3 under a short name with its extension, e.g. 'prompts/accueil.wav'");
                continue;
            }

            var full = Path.GetFullPath(Path.Combine(baseDirectory, prompt.AudioPath));
            if (!File.Exists(full))
            {
                report(prompt.Position, DiagnosticSeverity.Warning, DiagnosticCodes.MissingPrompt,
                    $"{who}: recording '{prompt.AudioPath}' does not exist; the text will be spoken instead",
                    "record it with ops/make-prompts, or fix the path (relative to the flow file)");
            }
        }
    }

    /// <summary>Every prompt in the flow with its state.</summary>
    public static IEnumerable<(StateDefinition? State, PromptDefinition Prompt)> Prompts(FlowDefinition flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        yield return (null, flow.Emergency.Prompt);
        if (flow.Blocked is { } blocked)
        {
            yield return (null, blocked.Prompt);
        }

        if (flow.Challenge is { } challenge)
        {
            yield return (null, challenge.Retry);
            yield return (null, challenge.Failed);
        }

        foreach (var state in flow.States)
        {
            PromptDefinition?[] prompts = state switch
            {
                MessageState m => [m.Prompt],
                MenuState m => [m.Prompt, m.NoInputPrompt, m.InvalidPrompt],
                TransferState t => [t.Announce],
                QueueState q => [q.Hold, .. q.Callback?.Prompts ?? []],
                HangupState h => [h.Prompt],
                _ => [],
            };
            foreach (var prompt in prompts)
            {
                if (prompt is not null)
                {
                    yield return (state, prompt);
                }
            }
        }
    }

    private static void CheckReachability(FlowDefinition flow, Reporter report)
    {
        // Only the branches a state can take: a named calendar that never opens (or never closes) never takes the other.
        var reachable = Walk(flow.Start.Name, name => Taken(flow, flow.FindState(name)!).Select(t => t.Target.Name));
        foreach (var state in flow.States.Where(s => !reachable.Contains(s.Name)))
        {
            report(state.Position, DiagnosticSeverity.Error, DiagnosticCodes.UnreachableState, $"state '{state.Name}' cannot be reached from the start state '{flow.Start.Name}'",
                "link it from another state, or remove it");
        }

        // Which states can reach an end (a hangup)? Walk the graph backwards from every hangup.
        var predecessors = flow.States
            .SelectMany(s => Taken(flow, s).Select(t => (From: s.Name, To: t.Target.Name)))
            .ToLookup(e => e.To, e => e.From, StringComparer.Ordinal);
        var canEnd = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hangup in flow.States.OfType<HangupState>())
        {
            canEnd.UnionWith(Walk(hangup.Name, name => predecessors[name]));
        }

        foreach (var state in flow.States.Where(s => reachable.Contains(s.Name) && !canEnd.Contains(s.Name)))
        {
            report(state.Position, DiagnosticSeverity.Error, DiagnosticCodes.NoWayOut, $"a call that reaches state '{state.Name}' can never end: no path from it leads to a hangup",
                "give one of its branches a way to a 'type: hangup' state");
        }
    }

    private static void CheckSilentEnds(FlowDefinition flow, Reporter report)
    {
        if (flow.FindState(flow.Start.Name) is HangupState { Prompt: null })
        {
            report(flow.Start.Position, DiagnosticSeverity.Error, DiagnosticCodes.Silence, "the flow starts by hanging up without a word", "start with a message or the hours check");
        }

        foreach (var state in flow.States)
        {
            // A transfer's busy/no-answer default to its 'failed' branch: report each written reference once.
            foreach (var (trigger, target) in state.Transitions.Reverse().DistinctBy(t => t.Target))
            {
                if (flow.FindState(target.Name) is not HangupState { Prompt: null })
                {
                    continue;
                }

                if (FailureTriggers.Contains(trigger) || state is HoursState)
                {
                    report(target.Position, DiagnosticSeverity.Error, DiagnosticCodes.Silence,
                        $"state '{state.Name}' ({trigger}) hangs up without a word: a caller in danger would be left in silence",
                        "go to a message that gives the emergency numbers (and transfers to a fallback) before hanging up");
                }
            }
        }
    }

    /// <summary>Reports loops of messages and hours checks; true when there are none.</summary>
    private static bool CheckAutomaticLoops(FlowDefinition flow, Reporter report)
    {
        // Messages and hours checks go on without waiting for the caller; a cycle made only of them never stops.
        var none = true;
        foreach (var state in flow.States.Where(IsAutomatic).Where(s => LeadsBackTo(flow, s.Name, IsAutomatic)))
        {
            none = false;
            report(state.Position, DiagnosticSeverity.Error, DiagnosticCodes.AutomaticLoop,
                $"state '{state.Name}' is part of a loop of messages/hours checks that never waits for the caller",
                "break the loop with a menu, a transfer, the queue or a hangup");
        }

        return none;
    }

    private static bool IsAutomatic(StateDefinition state) => state is MessageState or HoursState;

    private static bool LeadsBackTo(FlowDefinition flow, string start, Func<StateDefinition, bool> isAutomatic)
    {
        var first = flow.FindState(start)!.Transitions.Select(t => t.Target.Name);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(first);
        while (stack.Count > 0)
        {
            var name = stack.Pop();
            if (name == start)
            {
                return true;
            }

            if (!seen.Add(name) || flow.FindState(name) is not { } state || !isAutomatic(state))
            {
                continue;
            }

            foreach (var (_, target) in state.Transitions)
            {
                stack.Push(target.Name);
            }
        }

        return false;
    }

    private static HashSet<string> Walk(string start, Func<string, IEnumerable<string>> next)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var stack = new Stack<string>([start]);
        while (stack.Count > 0)
        {
            foreach (var n in next(stack.Pop()))
            {
                if (seen.Add(n))
                {
                    stack.Push(n);
                }
            }
        }

        return seen;
    }

    private static int Distance(string a, string b)
    {
        var common = 0;
        while (common < a.Length && common < b.Length && a[common] == b[common])
        {
            common++;
        }

        return Math.Max(a.Length, b.Length) - common;
    }
}
