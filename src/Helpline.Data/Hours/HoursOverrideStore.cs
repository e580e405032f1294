using Dapper;
using Npgsql;

namespace Helpline.Data.Hours;

/// <summary>
/// The single stored hours override (<c>hours_override</c>). Setting and clearing it each append a
/// <c>service_events</c> row in the same statement, so the log always matches what was applied.
/// </summary>
/// <remarks>
/// Thread-safe. Each change is one statement with data-modifying CTEs (atomic on its own, one round trip); the event is
/// inserted from the CTE that changed the row, so clearing when there is nothing to clear logs nothing. The event's
/// detail is built by PostgreSQL (<c>jsonb_build_object</c>) from the row as written: mode, until, reason, by.
/// </remarks>
/// <param name="dataSource">The service's data source.</param>
public sealed class HoursOverrideStore(NpgsqlDataSource dataSource)
{
    /// <summary>The mode that opens the line outside its hours.</summary>
    public const string Open = "open";

    /// <summary>The mode that closes the line during its hours.</summary>
    public const string Closed = "closed";

    /// <summary>The <c>service_events</c> kind logged by <see cref="SetAsync"/>.</summary>
    public const string SetEventKind = "hours-override-set";

    /// <summary>The <c>service_events</c> kind logged by <see cref="ClearAsync"/>.</summary>
    public const string ClearedEventKind = "hours-override-cleared";

    private const string SetSql =
        "with o as (insert into hours_override (id, mode, until, reason, set_at, set_by) values (1, @Mode, @Until, @Reason, @SetAt, @SetBy) " +
        "on conflict (id) do update set mode = excluded.mode, until = excluded.until, reason = excluded.reason, set_at = excluded.set_at, set_by = excluded.set_by " +
        "returning mode, until, reason, set_at, set_by), " +
        "e as (insert into service_events (at, kind, detail) " +
        "select set_at, '" + SetEventKind + "', jsonb_build_object('mode', mode, 'until', until, 'reason', reason, 'by', set_by) from o returning 1) " +
        "select count(*) from o";

    private const string ClearSql =
        "with o as (delete from hours_override where id = 1 returning mode, until, reason), " +
        "e as (insert into service_events (at, kind, detail) " +
        "select @At, '" + ClearedEventKind + "', jsonb_build_object('mode', mode, 'until', until, 'reason', reason, 'by', @By::text) from o returning 1) " +
        "select count(*) from o";

    /// <summary>The stored override, expired or not (callers compare <see cref="StoredHoursOverride.Until"/> with their clock), or null.</summary>
    /// <param name="ct">Cancels the query.</param>
    public async Task<StoredHoursOverride?> GetAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "select mode, until, reason, set_at as SetAt, set_by as SetBy from hours_override where id = 1", cancellationToken: ct));
        return row is null ? null : new StoredHoursOverride(row.Mode, Timestamps.FromDatabase(row.Until), row.Reason, Timestamps.FromDatabase(row.SetAt), row.SetBy);
    }

    /// <summary>Stores <paramref name="value"/>, replacing any previous override, and logs <c>hours-override-set</c>.</summary>
    /// <param name="value">The override; its <see cref="StoredHoursOverride.SetAt"/> is also the event's time.</param>
    /// <param name="ct">Cancels the statement.</param>
    /// <exception cref="ArgumentException">The mode is neither <c>open</c> nor <c>closed</c>.</exception>
    public async Task SetAsync(StoredHoursOverride value, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Mode is not (Open or Closed))
        {
            throw new ArgumentException($"The hours override mode must be '{Open}' or '{Closed}', not '{value.Mode}'.", nameof(value));
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(SetSql, new
        {
            value.Mode,
            Until = Timestamps.ToDatabase(value.Until),
            value.Reason,
            SetAt = Timestamps.ToDatabase(value.SetAt),
            value.SetBy,
        }, cancellationToken: ct));
    }

    /// <summary>Removes the override and logs <c>hours-override-cleared</c>; true when there was one (otherwise nothing is logged).</summary>
    /// <param name="at">When.</param>
    /// <param name="by">Who cleared it, if known.</param>
    /// <param name="ct">Cancels the statement.</param>
    public async Task<bool> ClearAsync(DateTimeOffset at, string? by, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var removed = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            ClearSql, new { At = Timestamps.ToDatabase(at), By = by }, cancellationToken: ct));
        return removed == 1;
    }

    private sealed record Row(string Mode, DateTime Until, string Reason, DateTime SetAt, string? SetBy);
}
