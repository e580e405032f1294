using Dapper;
using Helpline.Core.Queue;

namespace Helpline.Data.Routing;

public sealed partial class RoutingStore
{
    /// <summary>Who can come to a waiting caller (<see cref="WorkersComing"/>), in one round trip.</summary>
    public async Task<WorkersComing> WorkersComingAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var (count, since) = await connection.QuerySingleAsync<(int Count, DateTime? Since)>(new CommandDefinition(
            // Every worker's last change counts, deactivated ones included: deactivating the last who could come starts the grace too.
            "select (count(*) filter (where " + WorkerSql.CanCome + "))::int, max(greatest(status_since, coalesce(pending_since, status_since))) from workers",
            cancellationToken: ct));
        return new WorkersComing(count, count > 0 ? null : since is { } value ? Timestamps.FromDatabase(value) : DateTimeOffset.MinValue);
    }

    /// <summary>
    /// The position to announce to a waiting caller now, or null when none is due: her first announcement, then only
    /// a position lower than the last one she heard, and at most once every <paramref name="everySeconds"/>. Never the
    /// same position again, never a worse one (put back behind a caller whose offer was missed, overtaken by a priority
    /// caller). One conditional UPDATE, one round trip: when two instances answer the same caller at once, one of them
    /// announces.
    /// </summary>
    /// <remarks>
    /// The announcement is recorded before it is spoken: an answer lost after this commit (the provider gave up) costs
    /// the caller one announcement, never a repeated or a worse number. Not waiting (offered, gone, unknown): null.
    /// </remarks>
    public async Task<int?> AnnouncePositionAsync(string callSid, DateTimeOffset now, int everySeconds, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "with me as (select e.call_sid, 1 + (select count(*) from queue_entries o " +
            $"where o.status = 'waiting' and {QueueOrderSql.Ahead("o", "e")})::int as position " +
            "from queue_entries e where e.call_sid = @callSid and e.status = 'waiting') " +
            // The row is re-read under its lock when another transaction changed it meanwhile: these conditions are checked
            // again on the newest version, so of two concurrent polls only one announces.
            "update queue_entries q set announced_position = me.position, announced_at = @now from me " +
            "where q.call_sid = me.call_sid and q.status = 'waiting' " +
            "and (q.announced_at is null or q.announced_at <= @notBefore) " +
            "and (q.announced_position is null or me.position < q.announced_position) " +
            "returning me.position",
            new { callSid, now = now.UtcDateTime, notBefore = now.AddSeconds(-everySeconds).UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>
    /// This line's most recent answered calls (at most <see cref="WaitEstimate.MaximumHistory"/>, those that ended within
    /// <see cref="WaitEstimate.Window"/> of <paramref name="now"/>), each with how long it kept its worker: from the
    /// offer to the end of the wrap-up — the after-call form's submission when it came before
    /// <paramref name="wrapUpSeconds"/> had passed, otherwise the end of that wrap-up time.
    /// </summary>
    /// <remarks>A backward scan of the answered calls' index, bounded by the limit: its cost does not grow with the history.</remarks>
    public async Task<IReadOnlyList<HandledCall>> RecentHandledCallsAsync(DateTimeOffset now, int wrapUpSeconds, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(DateTime FreeAt, double Seconds)>(new CommandDefinition(
            "select f.free_at, extract(epoch from (f.free_at - f.taken_at))::float8 from (" +
            "select greatest(q.ended_at, least(coalesce(u.at, 'infinity'), q.ended_at + make_interval(secs => @wrapUp))) as free_at, coalesce(q.offered_at, q.answered_at) as taken_at " +
            "from queue_entries q left join wrap_ups u on u.call_sid = q.call_sid " +
            "where q.status = 'answered' and q.ended_at > @since order by q.ended_at desc limit @limit) f",
            new { since = (now - WaitEstimate.Window).UtcDateTime, wrapUp = (double)wrapUpSeconds, limit = WaitEstimate.MaximumHistory }, cancellationToken: ct));
        return rows.Select(r => new HandledCall(Timestamps.FromDatabase(r.FreeAt), r.Seconds)).ToList();
    }
}
