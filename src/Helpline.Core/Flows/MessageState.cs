namespace Helpline.Core.Flows;

/// <summary>Plays a prompt and goes on to the next state within the same answer (no wait for the caller).</summary>
public sealed record MessageState(string Name, SourcePosition Position, PromptDefinition Prompt, StateReference Next)
    : StateDefinition(Name, Position)
{
    /// <inheritdoc />
    public override StateKind Kind => StateKind.Message;

    /// <inheritdoc />
    public override IReadOnlyList<(string Trigger, StateReference Target)> Transitions => [(FlowTriggers.Continue, Next)];
}
