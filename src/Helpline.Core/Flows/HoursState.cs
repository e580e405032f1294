namespace Helpline.Core.Flows;

/// <summary>Branches on the flow's calendar (and any operator override): open or closed.</summary>
public sealed record HoursState(string Name, SourcePosition Position, StateReference Open, StateReference Closed)
    : StateDefinition(Name, Position)
{
    /// <inheritdoc />
    public override StateKind Kind => StateKind.Hours;

    /// <inheritdoc />
    public override IReadOnlyList<(string Trigger, StateReference Target)> Transitions =>
        [(FlowTriggers.Open, Open), (FlowTriggers.Closed, Closed)];
}
