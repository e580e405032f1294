namespace Helpline.Core.Flows;

/// <summary>Ends the call, optionally after a last prompt.</summary>
public sealed record HangupState(string Name, SourcePosition Position, PromptDefinition? Prompt)
    : StateDefinition(Name, Position)
{
    /// <inheritdoc />
    public override StateKind Kind => StateKind.Hangup;

    /// <inheritdoc />
    public override IReadOnlyList<(string Trigger, StateReference Target)> Transitions => [];
}
