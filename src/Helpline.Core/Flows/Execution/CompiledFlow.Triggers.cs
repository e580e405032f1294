namespace Helpline.Core.Flows.Execution;

public sealed partial class CompiledFlow
{
    /// <summary>
    /// The trigger for keys pressed at <paramref name="position"/>: a known choice, <c>timeout</c> when nothing was
    /// pressed, <c>invalid</c> otherwise. Outside a menu, keys are <c>invalid</c> (and the step will be ignored).
    /// </summary>
    public string TriggerForDigits(CallPosition position, string? digits)
    {
        var keys = (digits ?? string.Empty).Trim().TrimEnd('#');
        if (keys.Length == 0)
        {
            return FlowTriggers.Timeout;
        }

        return Definition.FindState(position.State) is MenuState menu && menu.Choices.Any(c => c.Keys == keys)
            ? FlowTriggers.Digits(keys)
            : FlowTriggers.Invalid;
    }

    /// <summary>The queue state's maximum wait at <paramref name="position"/>, or null when the call is not in a queue state.</summary>
    public int? MaxWaitSeconds(CallPosition position) => Definition.FindState(position.State) is QueueState queue ? queue.MaxWaitSeconds : null;
}
