using Dapper;
using Npgsql;

namespace Helpline.Data.Statistics;

/// <summary>
/// The supervisors' figures, computed in SQL from what the service already records (calls, queue entries, call
/// events): nothing is counted twice in application code, so a figure on the page can always be re-derived from the
/// database. Periods are half-open UTC instants [from, to); the caller turns Paris days into instants.
/// </summary>
public sealed class StatisticsStore(NpgsqlDataSource dataSource)
{
    /// <summary>Wait-time buckets (upper bounds in seconds; the last bucket is open).</summary>
    public static IReadOnlyList<int> WaitBuckets { get; } = [30, 60, 120, 300, 600];

    /// <summary>
    /// The counters of a period. Queue figures come from the queue entries, whose status is decided by one statement
    /// per event whatever order the provider's webhooks arrive in (answered only when the worker's dial says the legs
    /// were bridged); the call rows agree with them (<c>answered</c>, <c>abandoned-in-queue</c>).
    /// </summary>
    /// <param name="from">Start of the period (inclusive).</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="serviceLevelSeconds">Service-level target: answered within this many seconds of waiting.</param>
    /// <param name="shortAbandonSeconds">A caller who hung up after waiting less than this is a short abandon (0: none).</param>
    /// <param name="transfers">The destinations counted as transfers to 17, 115 and child protection.</param>
    /// <param name="ct">Cancels the query.</param>
    public async Task<DayCounters> CountersAsync(
        DateTimeOffset from, DateTimeOffset to, int serviceLevelSeconds, int shortAbandonSeconds, TransferDestinations transfers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
            "with c as (select outcome from calls where started_at >= @from and started_at < @to), " +
            "q as (select status, wait_seconds, answered_at, ended_at from queue_entries where joined_at >= @from and joined_at < @to) " +
            "select (select count(*) from c)::int as offered, " +
            "(select count(*) from q where status = 'answered')::int as answered, " +
            "(select count(*) from q where status = 'abandoned')::int as abandoned, " +
            "(select count(*) from q where status = 'abandoned' and wait_seconds < @shortAbandon)::int as short_abandoned, " +
            "(select count(*) from q where status = 'overflowed')::int as overflowed, " +
            "(select count(*) from c where outcome = 'transferred:' || @police)::int as police, " +
            "(select count(*) from c where outcome = 'transferred:' || @housing)::int as housing, " +
            "(select count(*) from c where outcome = 'transferred:' || @child)::int as child, " +
            "(select count(*) from q where status = 'answered' and wait_seconds <= @target)::int as within_target, " +
            "(select count(*) from q where status in ('answered', 'abandoned', 'overflowed'))::int as finished, " +
            "(select avg(wait_seconds)::float8 from q where status in ('answered', 'abandoned', 'overflowed')) as average_wait, " +
            "(select max(wait_seconds) from q where status in ('answered', 'abandoned', 'overflowed')) as longest_wait, " +
            "(select avg(extract(epoch from (ended_at - answered_at)))::float8 from q where status = 'answered' and ended_at is not null) as average_talk",
            new { from = from.UtcDateTime, to = to.UtcDateTime, target = serviceLevelSeconds, shortAbandon = shortAbandonSeconds, police = transfers.Police, housing = transfers.Housing, child = transfers.ChildProtection },
            cancellationToken: ct));
        var tagged = await connection.QueryAsync<(string Tag, int Calls)>(new CommandDefinition(
            "select t, count(*)::int from calls cross join unnest(tags) t where started_at >= @from and started_at < @to group by t",
            new { from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken: ct));
        return new DayCounters(row.Offered, row.Answered, row.Abandoned, row.Overflowed, row.Police, row.Housing, row.Child,
            row.Within_Target, row.Finished, row.Average_Wait, row.Longest_Wait, row.Average_Talk, row.Short_Abandoned)
        {
            TaggedCalls = tagged.ToDictionary(t => t.Tag, t => t.Calls, StringComparer.Ordinal),
        };
    }

    /// <summary>Calls received per local hour (0–23) of the period, in <paramref name="timeZone"/> (an IANA name).</summary>
    public async Task<IReadOnlyList<int>> CallsPerHourAsync(DateTimeOffset from, DateTimeOffset to, string timeZone, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(int Hour, long Count)>(new CommandDefinition(
            "select extract(hour from started_at at time zone @timeZone)::int, count(*) from calls where started_at >= @from and started_at < @to group by 1",
            new { from = from.UtcDateTime, to = to.UtcDateTime, timeZone }, cancellationToken: ct));
        var hours = new int[24];
        foreach (var (hour, count) in rows)
        {
            hours[hour] += (int)count;
        }

        return hours;
    }

    /// <summary>Calls received per local date of the period, in <paramref name="timeZone"/>; days without calls are absent.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, int>> CallsPerDayAsync(DateTimeOffset from, DateTimeOffset to, string timeZone, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(DateTime Day, long Count)>(new CommandDefinition(
            "select (started_at at time zone @timeZone)::date, count(*) from calls where started_at >= @from and started_at < @to group by 1",
            new { from = from.UtcDateTime, to = to.UtcDateTime, timeZone }, cancellationToken: ct));
        return rows.ToDictionary(r => DateOnly.FromDateTime(r.Day), r => (int)r.Count);
    }

    /// <summary>
    /// Finished waits of queued callers (answered, abandoned, overflowed) per bucket of <see cref="WaitBuckets"/>: one
    /// count per bucket, plus the last for waits above the last bound.
    /// </summary>
    public async Task<IReadOnlyList<int>> WaitDistributionAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(int Bucket, long Count)>(new CommandDefinition(
            "select width_bucket(wait_seconds, @bounds::int[]), count(*) from queue_entries " +
            "where joined_at >= @from and joined_at < @to and status in ('answered', 'abandoned', 'overflowed') and wait_seconds is not null group by 1",
            new { from = from.UtcDateTime, to = to.UtcDateTime, bounds = WaitBuckets.Select(b => b + 1).ToArray() }, cancellationToken: ct));
        var buckets = new int[WaitBuckets.Count + 1];
        foreach (var (bucket, count) in rows)
        {
            buckets[bucket] += (int)count;
        }

        return buckets;
    }

    /// <summary>
    /// Calls of the period by the first menu key they typed and their outcome: the call row's, except that a caller who
    /// left the queue for the overflow counts as <c>overflowed</c> (as the counters do), whatever transfer followed.
    /// </summary>
    public async Task<IReadOnlyList<OutcomeByChoice>> OutcomesByChoiceAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string Choice, string Outcome, long Count)>(new CommandDefinition(
            "select coalesce((select substr(e.trigger, 8) from call_events e where e.call_id = c.id and e.trigger like 'digits:%' order by e.id limit 1), '') as choice, " +
            "case when q.status = 'overflowed' then 'overflowed' else coalesce(c.outcome, '') end as outcome, count(*) " +
            "from calls c left join queue_entries q on q.call_sid = c.call_sid where c.started_at >= @from and c.started_at < @to group by 1, 2 order by 1, 2",
            new { from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken: ct));
        return rows.Select(r => new OutcomeByChoice(r.Choice, r.Outcome, (int)r.Count)).ToList();
    }

    private sealed record Row(int Offered, int Answered, int Abandoned, int Short_Abandoned, int Overflowed, int Police, int Housing, int Child, int Within_Target, int Finished,
        double? Average_Wait, int? Longest_Wait, double? Average_Talk);
}
