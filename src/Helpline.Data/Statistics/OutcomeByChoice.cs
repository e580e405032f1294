namespace Helpline.Data.Statistics;

/// <summary>How many calls whose first menu key was <paramref name="MenuChoice"/> ended with <paramref name="Outcome"/>.</summary>
/// <param name="MenuChoice">The first key typed in a menu, or empty when none.</param>
/// <param name="Outcome">The call's stored outcome (e.g. <c>answered</c>, <c>transferred:police</c>), or empty while undecided.</param>
/// <param name="Count">Number of calls.</param>
public sealed record OutcomeByChoice(string MenuChoice, string Outcome, int Count);
