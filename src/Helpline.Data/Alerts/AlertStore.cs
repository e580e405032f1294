using Dapper;
using Helpline.Data.Hours;
using Npgsql;

namespace Helpline.Data.Alerts;

/// <summary>
/// The supervisors' alerts in PostgreSQL (<c>alert_events</c>, one row per alert from its start to its end) and the
/// figures the line-wide alerts are judged on. The database decides between instances: at most one open row per kind
/// and scope (a partial unique index), so when several instances see the same start, one records it; when they see its
/// end, one closes it — and only that one tells the supervisors by e-mail.
/// </summary>
/// <remarks>
/// Thread-safe. Each change is one statement. No caller number, hash or note is ever written here: <c>measure</c>
/// holds what the rule measured (a wait, a count, a rate).
/// </remarks>
/// <param name="dataSource">The service's data source.</param>
public sealed class AlertStore(NpgsqlDataSource dataSource)
{
    private const string FiguresSql =
        "select (select count(*) from workers where active and status <> 'offline')::int as logged_in, " +
        "(select max(status_since) from workers) as last_worker_change, " +
        "(select min(joined_at) from queue_entries where status in ('waiting', 'offered')) as oldest_waiting_since, " +
        "(select count(*) from queue_entries where ended_at > @hourAgo and ended_at <= @now and status in ('answered', 'abandoned', 'overflowed'))::int as queue_exits, " +
        "(select count(*) from queue_entries where ended_at > @hourAgo and ended_at <= @now and status = 'abandoned')::int as queue_abandons, " +
        "coalesce((select max(n) from (select count(*) as n from calls where started_at > @hourAgo and started_at <= @now and caller_hash is not null group by caller_hash) h), 0)::int as most_calls, " +
        "o.mode, o.until, o.reason, o.set_at, o.set_by " +
        "from (select 1) one left join hours_override o on o.id = 1";

    /// <summary>The line's figures at <paramref name="now"/> (the last hour is (now − 1 h, now]).</summary>
    /// <param name="now">The service's clock.</param>
    /// <param name="ct">Cancels the query.</param>
    public async Task<LineFigures> LineFiguresAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleAsync<FiguresRow>(new CommandDefinition(FiguresSql,
            new { now = Timestamps.ToDatabase(now), hourAgo = Timestamps.ToDatabase(now.AddHours(-1)) }, cancellationToken: ct));
        var stored = row.Mode is null || row.Until is null || row.Set_At is null
            ? null
            : new StoredHoursOverride(row.Mode, Timestamps.FromDatabase(row.Until.Value), row.Reason ?? string.Empty, Timestamps.FromDatabase(row.Set_At.Value), row.Set_By);
        return new LineFigures(row.Logged_In, Timestamps.FromDatabase(row.Last_Worker_Change), Timestamps.FromDatabase(row.Oldest_Waiting_Since),
            row.Queue_Exits, row.Queue_Abandons, row.Most_Calls, stored);
    }

    /// <summary>
    /// Records an alert's start; true when this call recorded it, false when an open alert of that kind and scope was
    /// already there (another instance saw it first). With <paramref name="endedAt"/>, records a whole alert at once:
    /// one that started and ended while the database could not be reached (always recorded).
    /// </summary>
    /// <param name="kind">The alert's kind.</param>
    /// <param name="scope">Empty for the whole line; the instance's name for what only it knows.</param>
    /// <param name="startedAt">When it started.</param>
    /// <param name="endedAt">When it ended, for an alert already over; otherwise null.</param>
    /// <param name="measureJson">What was measured at its start, as a JSON object (never a number, a hash or a note), or null.</param>
    /// <param name="by">The instance that records it.</param>
    /// <param name="ct">Cancels the statement.</param>
    public async Task<bool> StartAsync(string kind, string scope, DateTimeOffset startedAt, DateTimeOffset? endedAt, string? measureJson, string by, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // The casts: a null end (the usual case) carries no type of its own, and PostgreSQL cannot guess one for "case when".
        var inserted = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "insert into alert_events (kind, scope, started_at, ended_at, measure, started_by, ended_by, checked_at) " +
            "values (@kind, @scope, @startedAt, @endedAt::timestamptz, @measure::jsonb, @by, case when @endedAt::timestamptz is null then null else @by end, coalesce(@endedAt::timestamptz, @startedAt)) " +
            "on conflict (kind, scope) where ended_at is null do nothing returning id",
            new
            {
                kind,
                scope,
                startedAt = Timestamps.ToDatabase(startedAt),
                endedAt = endedAt is { } end ? Timestamps.ToDatabase(end) : (DateTime?)null,
                measure = measureJson,
                by,
            }, cancellationToken: ct));
        return inserted is not null;
    }

    /// <summary>Records the end of the open alert of that kind and scope; true when this call ended it (false: none open, or another instance ended it first).</summary>
    /// <param name="kind">The alert's kind.</param>
    /// <param name="scope">Its scope.</param>
    /// <param name="at">When it ended.</param>
    /// <param name="by">The instance that records it.</param>
    /// <param name="ct">Cancels the statement.</param>
    public async Task<bool> EndAsync(string kind, string scope, DateTimeOffset at, string by, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Of two concurrent ends, the second waits for the first's row lock, re-reads the row, finds it ended and updates nothing.
        var ended = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "update alert_events set ended_at = greatest(@at, started_at), ended_by = @by where kind = @kind and scope = @scope and ended_at is null returning id",
            new { kind, scope, at = Timestamps.ToDatabase(at), by }, cancellationToken: ct));
        return ended is not null;
    }

    /// <summary>Marks the open alerts of <paramref name="keys"/> as still true at <paramref name="at"/>.</summary>
    /// <param name="keys">Kind and scope of each alert seen true.</param>
    /// <param name="at">When.</param>
    /// <param name="ct">Cancels the statement.</param>
    public async Task CheckedAsync(IReadOnlyCollection<(string Kind, string Scope)> keys, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "update alert_events a set checked_at = greatest(a.checked_at, @at) from unnest(@kinds, @scopes) k(kind, scope) " +
            "where a.kind = k.kind and a.scope = k.scope and a.ended_at is null",
            new { kinds = keys.Select(k => k.Kind).ToArray(), scopes = keys.Select(k => k.Scope).ToArray(), at = Timestamps.ToDatabase(at) }, cancellationToken: ct));
    }

    /// <summary>Every alert that has not ended, oldest first.</summary>
    /// <param name="ct">Cancels the query.</param>
    public async Task<IReadOnlyList<StoredAlert>> OpenAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<AlertRow>(new CommandDefinition(
            "select id, kind, scope, started_at, ended_at, checked_at from alert_events where ended_at is null order by started_at, id", cancellationToken: ct));
        return rows.Select(r => r.ToStored()).ToList();
    }

    /// <summary>The alerts that started at or after <paramref name="since"/>, oldest first (for the audit and tests).</summary>
    /// <param name="since">The earliest start.</param>
    /// <param name="ct">Cancels the query.</param>
    public async Task<IReadOnlyList<StoredAlert>> StartedSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<AlertRow>(new CommandDefinition(
            "select id, kind, scope, started_at, ended_at, checked_at from alert_events where started_at >= @since order by started_at, id",
            new { since = Timestamps.ToDatabase(since) }, cancellationToken: ct));
        return rows.Select(r => r.ToStored()).ToList();
    }

    private sealed record AlertRow(long Id, string Kind, string Scope, DateTime Started_At, DateTime? Ended_At, DateTime Checked_At)
    {
        public StoredAlert ToStored() =>
            new(Id, Kind, Scope, Timestamps.FromDatabase(Started_At), Timestamps.FromDatabase(Ended_At), Timestamps.FromDatabase(Checked_At));
    }

    private sealed record FiguresRow(
        int Logged_In, DateTime? Last_Worker_Change, DateTime? Oldest_Waiting_Since, int Queue_Exits, int Queue_Abandons, int Most_Calls,
        string? Mode, DateTime? Until, string? Reason, DateTime? Set_At, string? Set_By);
}
