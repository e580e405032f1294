using Dapper;

namespace Helpline.Data.Calls;

// Open calls that went quiet: the stale-call sweeper asks the provider about them.
public sealed partial class CallStore
{
    /// <summary>
    /// Calls still open whose last webhook is older than <paramref name="quietSince"/>, oldest first: candidates for a
    /// status lookup at the provider (their status callback may have been lost, or sent to an instance that died).
    /// </summary>
    /// <param name="quietSince">Only calls not updated since this instant.</param>
    /// <param name="limit">At most this many (a sweep is bounded; the next one takes the rest).</param>
    /// <param name="ct">Cancels the query.</param>
    public async Task<IReadOnlyList<QuietCall>> QuietOpenCallsAsync(DateTimeOffset quietSince, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string CallSid, DateTime StartedAt, DateTime UpdatedAt)>(new CommandDefinition(
            "select call_sid, started_at, updated_at from calls where ended_at is null and updated_at < @quietSince order by updated_at limit @limit",
            new { quietSince = Timestamps.ToDatabase(quietSince), limit }, cancellationToken: ct));
        return rows.Select(r => new QuietCall(r.CallSid, Timestamps.FromDatabase(r.StartedAt), Timestamps.FromDatabase(r.UpdatedAt))).ToList();
    }
}
