namespace Helpline.Data.Callers;

/// <summary>
/// A recent call as the supervisors' flag form lists it: when, which menu choice, how it ended — never a number, never
/// the caller's hash.
/// </summary>
/// <param name="Id">The call's row number (<c>calls.id</c>): what the page's form sends. Never the CallSid, with which anyone
/// who can read the provider's console would find the number.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="MenuChoice">The key she pressed to reach the queue, or null.</param>
/// <param name="Outcome">The call's outcome so far (<c>answered</c>, <c>abandoned</c>, <c>blocked</c>…), or null while it has none.</param>
/// <param name="Withheld">True when she withheld her number: she cannot be recognised, so she cannot be flagged.</param>
/// <param name="FlagKind">The kind of her active flag (<c>blocked</c>, <c>watch</c>), or null.</param>
public sealed record FlaggableCall(long Id, DateTimeOffset StartedAt, string? MenuChoice, string? Outcome, bool Withheld, string? FlagKind);
