namespace Helpline.Data.Callers;

/// <summary>A flag to raise on the caller of a call.</summary>
/// <param name="CallSid">The call whose caller is flagged (her number is never typed or seen).</param>
/// <param name="Kind"><c>blocked</c> or <c>watch</c>.</param>
/// <param name="Reason">A reason code.</param>
/// <param name="Note">A free-text note, or null.</param>
/// <param name="Status"><c>active</c> (a supervisor) or <c>proposed</c> (a worker at wrap-up).</param>
/// <param name="By">Who raises it (a login, or <c>api</c>).</param>
/// <param name="At">When.</param>
/// <param name="ExpiresAt">When it stops acting.</param>
/// <param name="ReviewAt">When to look at it again.</param>
public sealed record FlagRequest(string CallSid, string Kind, string Reason, string? Note, string Status, string By, DateTimeOffset At, DateTimeOffset ExpiresAt, DateTimeOffset ReviewAt)
{
    /// <summary>A worker's proposal: the worker who must have answered the call (a worker reports only her own calls), or null.</summary>
    public int? AnsweredBy { get; init; }
}
