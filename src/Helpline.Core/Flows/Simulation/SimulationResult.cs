namespace Helpline.Core.Flows.Simulation;

/// <summary>Everything a simulated call went through: the transcript, the states in order, where and how it ended.</summary>
/// <param name="Steps">The transcript.</param>
/// <param name="States">Every state entered, in order (repeats included).</param>
/// <param name="EndState">The state the call ended in (or stopped waiting in when inputs ran out).</param>
/// <param name="Outcome">The call's outcome, as it would be stored.</param>
/// <param name="Ended">True when the flow hung up (false when the inputs ran out while the flow waited, or the caller hung up).</param>
/// <param name="Transfers">The destinations dialled, in order.</param>
/// <param name="Queues">The queues joined, in order.</param>
public sealed record SimulationResult(
    IReadOnlyList<SimulationStep> Steps,
    IReadOnlyList<string> States,
    string EndState,
    string? Outcome,
    bool Ended,
    IReadOnlyList<string> Transfers,
    IReadOnlyList<string> Queues)
{
    /// <summary>The tags the call carries at the end (set by the menu choices taken), in the order set.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>All the words the caller heard, in order.</summary>
    public string Heard => string.Join(" ", Steps.Where(s => s.Kind == "hears").Select(s => s.Text));
}
