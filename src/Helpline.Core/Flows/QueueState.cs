namespace Helpline.Core.Flows;

/// <summary>
/// Puts the caller in the social workers' queue with hold audio. After <see cref="MaxWaitSeconds"/> (or when the queue
/// cannot take the call) the caller goes to <see cref="Overflow"/>; after a conversation with a social worker, to <see cref="Answered"/>.
/// </summary>
public sealed record QueueState(
    string Name,
    SourcePosition Position,
    string QueueName,
    PromptDefinition Hold,
    int MaxWaitSeconds,
    StateReference Answered,
    StateReference Overflow)
    : StateDefinition(Name, Position)
{
    /// <inheritdoc />
    public override StateKind Kind => StateKind.Queue;

    /// <inheritdoc />
    public override IReadOnlyList<(string Trigger, StateReference Target)> Transitions =>
        [(FlowTriggers.Answered, Answered), (FlowTriggers.Overflow, Overflow)];
}
