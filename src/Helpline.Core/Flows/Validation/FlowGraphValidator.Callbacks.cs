using Helpline.Core.Flows.Diagnostics;

namespace Helpline.Core.Flows.Validation;

public static partial class FlowGraphValidator
{
    /// <summary>
    /// HL407: a call-back window whose hours never meet the line's weekly opening hours on any day is never offered (a
    /// call-back is only made while the line is open). A warning: the flow still serves, the window is just never heard.
    /// </summary>
    private static void CheckCallbackWindows(FlowDefinition flow, Reporter report)
    {
        foreach (var queue in flow.States.OfType<QueueState>())
        {
            foreach (var window in queue.Callback?.Windows ?? [])
            {
                var meets = Enum.GetValues<DayOfWeek>().Any(day => flow.Calendar.Hours.For(day).Any(i => i.Start < window.To && window.From < i.End));
                if (!meets)
                {
                    report(window.Position, DiagnosticSeverity.Warning, DiagnosticCodes.CallbackWindowNeverOpen,
                        $"call-back window '{window.Name}' of state '{queue.Name}' ({window.From:HH\\:mm}–{window.To:HH\\:mm}) never meets the line's opening hours: it is never offered",
                        "a call-back is only made while the line is open: move the window within the 'calendar:' hours");
                }
            }
        }
    }
}
