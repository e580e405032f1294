namespace Helpline.Data.Callers;

/// <summary>A flag as the pages and the API show it: never the caller's hash, never a number.</summary>
/// <param name="Id">The flag's reference.</param>
/// <param name="Kind"><c>blocked</c> or <c>watch</c>.</param>
/// <param name="Reason">The reason code (<c>config/flag-reasons.yaml</c>).</param>
/// <param name="Note">The free-text note, or null.</param>
/// <param name="Status"><c>proposed</c>, <c>active</c>, <c>lifted</c>, <c>rejected</c>.</param>
/// <param name="CreatedBy">Who raised it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="ExpiresAt">When it stops acting by itself.</param>
/// <param name="ReviewAt">When a supervisor should look at it again.</param>
/// <param name="DecidedBy">Who confirmed, rejected or lifted it, or null.</param>
/// <param name="DecidedAt">When, or null.</param>
/// <param name="BlockedCalls">Calls it blocked so far.</param>
public sealed record CallerFlag(
    long Id, string Kind, string Reason, string? Note, string Status, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset ReviewAt, string? DecidedBy, DateTimeOffset? DecidedAt, int BlockedCalls)
{
    /// <summary>True while the flag acts on the caller's calls at <paramref name="now"/>.</summary>
    public bool ActsAt(DateTimeOffset now) => Status == CallerFlagStatuses.Active && ExpiresAt > now;
}
