namespace Helpline.Core.Flows;

/// <summary>
/// Branches on a calendar: open or closed. By default the flow's own calendar, with any operator override of our hours;
/// with <see cref="Calendar"/>, a named calendar of <c>calendars:</c> (another line's hours), which no override touches.
/// </summary>
public sealed record HoursState(string Name, SourcePosition Position, StateReference Open, StateReference Closed)
    : StateDefinition(Name, Position)
{
    /// <summary>The named calendar this state decides with (<c>calendar:</c>), or null for the flow's own calendar.</summary>
    public StateReference? Calendar { get; init; }

    /// <inheritdoc />
    public override StateKind Kind => StateKind.Hours;

    /// <inheritdoc />
    public override IReadOnlyList<(string Trigger, StateReference Target)> Transitions =>
        [(FlowTriggers.Open, Open), (FlowTriggers.Closed, Closed)];
}
