using Dapper;
using Npgsql;

namespace Helpline.Data.Retention;

/// <summary>
/// Deletes calls older than the retention period — their rows, events and queue entries — after adding them to the
/// daily statistics (<c>call_daily_statistics</c>: per day, outcome and menu choice; <c>call_daily_tag_statistics</c>:
/// per day and tag; no number, hash or identifier), so the statistics survive the purge. Calls still in progress (not ended) are never purged.
/// </summary>
/// <remarks>
/// Each batch is one statement: the calls are locked (<c>FOR UPDATE SKIP LOCKED</c>, so a webhook in flight or another
/// instance's purge is never waited for), counted into the statistics and deleted atomically — a batch is either
/// counted and deleted, or neither, so a failure or a second instance never counts a call twice. Safe to run again.
/// </remarks>
public sealed class RetentionStore(NpgsqlDataSource dataSource)
{
    /// <summary>Calls per statement: keeps each transaction short on a large first purge.</summary>
    public const int DefaultBatchSize = 500;

    // old: the batch. choice: its first menu key, from the queue entry or the first "digits:N" transition. Then the
    // statistics (added to any earlier purge of the same day), the queue entries, the events of the calls (the foreign
    // key would cascade; deleting them here keeps the statement's effects explicit) and the calls.
    private const string PurgeBatchSql = """
        with old as (
            select id, call_sid, outcome, duration_seconds, tags, (started_at at time zone @timeZone)::date as day
            from calls
            where ended_at is not null and started_at < @cutoff
            order by started_at, id
            limit @batch
            for update skip locked
        ), choice as (
            select o.id,
                   coalesce(q.menu_choice,
                            (select substr(e.trigger, 8) from call_events e
                             where e.call_id = o.id and e.kind = 'transition' and e.trigger like 'digits:%'
                             order by e.id limit 1)) as menu_choice,
                   q.call_sid is not null as queued,
                   coalesce(q.wait_seconds, 0) as wait_seconds
            from old o left join queue_entries q on q.call_sid = o.call_sid
        ), stats as (
            insert into call_daily_statistics as s (day, outcome, menu_choice, calls, queued, duration_seconds, queue_wait_seconds)
            select o.day, coalesce(o.outcome, 'unknown'), coalesce(c.menu_choice, 'none'), count(*),
                   count(*) filter (where c.queued), coalesce(sum(o.duration_seconds), 0), sum(c.wait_seconds)
            from old o join choice c on c.id = o.id
            group by 1, 2, 3
            on conflict (day, outcome, menu_choice) do update set
                calls = s.calls + excluded.calls,
                queued = s.queued + excluded.queued,
                duration_seconds = s.duration_seconds + excluded.duration_seconds,
                queue_wait_seconds = s.queue_wait_seconds + excluded.queue_wait_seconds
            returning 1
        ), tag_stats as (
            insert into call_daily_tag_statistics as s (day, tag, calls)
            select o.day, t, count(*) from old o cross join unnest(o.tags) t group by 1, 2
            on conflict (day, tag) do update set calls = s.calls + excluded.calls
            returning 1
        ), queue as (
            delete from queue_entries where call_sid in (select call_sid from old) returning 1
        ), events as (
            delete from call_events where call_id in (select id from old) returning 1
        ), gone as (
            delete from calls where id in (select id from old) returning 1
        )
        select (select count(*) from gone) as calls, (select count(*) from events) as events, (select count(*) from queue) as queue_entries
        """;

    // Events about calls we never stored (call_id is null) and queue entries whose call row is gone, past the period; and
    // call-back requests that ended before it (their number was erased when they ended) with their queue entries.
    private const string PurgeOrphansSql = """
        with events as (
            delete from call_events where call_id is null and at < @cutoff returning 1
        ), queue as (
            delete from queue_entries q
            where q.joined_at < @cutoff and q.status not in ('waiting', 'offered') and q.kind = 'call'
              and not exists (select 1 from calls c where c.call_sid = q.call_sid)
            returning 1
        ), callbacks as (
            delete from callback_requests r where r.status <> 'pending' and r.ended_at < @cutoff returning r.id
        ), callback_queue as (
            delete from queue_entries q where q.callback_id in (select id from callbacks) returning 1
        )
        select (select count(*) from events) as events, (select count(*) from queue) + (select count(*) from callback_queue) as queue_entries
        """;

    /// <summary>Purges every ended call started before <paramref name="cutoff"/>, batch after batch.</summary>
    /// <param name="cutoff">Calls started before this instant go.</param>
    /// <param name="timeZone">IANA time zone whose calendar days the statistics use (the line's, e.g. Europe/Paris).</param>
    /// <param name="batchSize">Calls per statement.</param>
    /// <param name="ct">Stops between batches (a batch in progress is rolled back, nothing half counted).</param>
    public async Task<RetentionResult> PurgeAsync(DateTimeOffset cutoff, string timeZone, int batchSize = DefaultBatchSize, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZone);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        long calls = 0, events = 0, queue = 0;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        while (true)
        {
            var batch = await connection.QuerySingleAsync<(long Calls, long Events, long Queue)>(new CommandDefinition(PurgeBatchSql,
                new { cutoff = Timestamps.ToDatabase(cutoff), timeZone, batch = batchSize }, cancellationToken: ct));
            (calls, events, queue) = (calls + batch.Calls, events + batch.Events, queue + batch.Queue);
            if (batch.Calls < batchSize)
            {
                break;
            }
        }

        var orphans = await connection.QuerySingleAsync<(long Events, long Queue)>(new CommandDefinition(PurgeOrphansSql,
            new { cutoff = Timestamps.ToDatabase(cutoff) }, cancellationToken: ct));
        return new RetentionResult(calls, events + orphans.Events, queue + orphans.Queue);
    }

    /// <summary>The statistics of one day, by outcome and menu choice.</summary>
    public async Task<IReadOnlyList<DailyStatistics>> StatisticsAsync(DateOnly day, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string Outcome, string MenuChoice, int Calls, int Queued, long Duration, long Wait)>(new CommandDefinition(
            "select outcome, menu_choice, calls, queued, duration_seconds, queue_wait_seconds " +
            "from call_daily_statistics where day = @day::date order by outcome, menu_choice",
            new { day = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken: ct));
        return rows.Select(r => new DailyStatistics(day, r.Outcome, r.MenuChoice, r.Calls, r.Queued, r.Duration, r.Wait)).ToList();
    }

    /// <summary>The purged calls of <paramref name="day"/> that carried each tag (by tag name).</summary>
    public async Task<IReadOnlyDictionary<string, int>> TagStatisticsAsync(DateOnly day, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string Tag, int Calls)>(new CommandDefinition(
            "select tag, calls from call_daily_tag_statistics where day = @day::date",
            new { day = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Tag, r => r.Calls, StringComparer.Ordinal);
    }
}
