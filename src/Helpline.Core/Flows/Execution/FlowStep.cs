using Helpline.Core.Voice;

namespace Helpline.Core.Flows.Execution;

/// <summary>
/// The result of one webhook's worth of flow: where the call now stands, what the caller must hear and do next,
/// the transitions taken (for the event log) and the call's outcome when this step decides it.
/// </summary>
/// <param name="Position">The call's new position.</param>
/// <param name="Instructions">What the provider must do, in order; never empty.</param>
/// <param name="Transitions">The moves taken, in order (empty when the trigger was ignored).</param>
/// <param name="Outcome">The call's outcome as of this step (e.g. <c>transferred:police</c>), or null when unchanged.</param>
/// <param name="Ignored">True when the trigger did not apply to the current state (the current instructions are repeated).</param>
/// <param name="Sources">The state that produced each instruction (same order as <paramref name="Instructions"/>), for transcripts.</param>
/// <param name="Joined">The queue this step put the caller in (it entered a queue state), or null.</param>
public sealed record FlowStep(
    CallPosition Position,
    IReadOnlyList<VoiceInstruction> Instructions,
    IReadOnlyList<FlowTransition> Transitions,
    string? Outcome,
    bool Ignored = false,
    IReadOnlyList<string>? Sources = null,
    QueueJoined? Joined = null)
{
    /// <summary>The state that produced instruction <paramref name="index"/>.</summary>
    public string SourceOf(int index) => Sources is { } sources && index < sources.Count ? sources[index] : Position.State;

    /// <summary>The tags this step puts on the call (the menu choice taken sets them), in order; empty for most steps.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>True when the step ends the call.</summary>
    public bool Ends => Instructions.Count > 0 && Instructions[^1] is HangupInstruction;
}
