namespace Helpline.Core.Flows;

/// <summary>One entry of a menu: the keys the caller presses and the state they lead to.</summary>
/// <param name="Keys">The keys, e.g. <c>1</c> or <c>12</c>.</param>
/// <param name="Target">The state the choice leads to.</param>
/// <param name="Position">Where the choice is written.</param>
public sealed record MenuChoice(string Keys, StateReference Target, SourcePosition Position);
