namespace Helpline.Core.Flows;

/// <summary>
/// Says the number aloud (<see cref="Announce"/>) then dials a destination. Every outcome has a branch, so a failed
/// transfer always leads somewhere that says the number again.
/// </summary>
public sealed record TransferState(
    string Name,
    SourcePosition Position,
    StateReference Destination,
    PromptDefinition Announce,
    int RingSeconds,
    StateReference Answered,
    StateReference Busy,
    StateReference NoAnswer,
    StateReference Failed)
    : StateDefinition(Name, Position)
{
    /// <inheritdoc />
    public override StateKind Kind => StateKind.Transfer;

    /// <inheritdoc />
    public override IReadOnlyList<(string Trigger, StateReference Target)> Transitions =>
        [(FlowTriggers.Answered, Answered), (FlowTriggers.Busy, Busy), (FlowTriggers.NoAnswer, NoAnswer), (FlowTriggers.Failed, Failed)];
}
