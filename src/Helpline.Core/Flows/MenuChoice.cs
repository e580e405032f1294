namespace Helpline.Core.Flows;

/// <summary>One entry of a menu: the keys the caller presses, the state they lead to, and the tags they put on the call.</summary>
/// <param name="Keys">The keys, e.g. <c>1</c> or <c>12</c>.</param>
/// <param name="Target">The state the choice leads to.</param>
/// <param name="Position">Where the choice is written.</param>
public sealed record MenuChoice(string Keys, StateReference Target, SourcePosition Position)
{
    /// <summary>The tags this choice puts on the call (declared in the flow's <c>tags:</c>), in the order written.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}
