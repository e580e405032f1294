using System.Text.Json;
using Dapper;
using Npgsql;

namespace Helpline.Data.Hours;

/// <summary>
/// The single stored hours override (<c>hours_override</c>); setting and clearing it each append a service event in the
/// same transaction, so the log always matches what was applied.
/// </summary>
public sealed class HoursOverrideStore(NpgsqlDataSource dataSource)
{
    /// <summary>The stored override, expired or not (callers decide), or null.</summary>
    public async Task<StoredHoursOverride?> GetAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "select mode, until, reason, set_at, set_by from hours_override where id = 1", cancellationToken: ct));
        return row is null ? null : new StoredHoursOverride(row.Mode, Calls.CallStore.Utc(row.Until), row.Reason, Calls.CallStore.Utc(row.Set_At), row.Set_By);
    }

    /// <summary>Stores <paramref name="value"/>, replacing any previous override.</summary>
    public async Task SetAsync(StoredHoursOverride value, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(value);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into hours_override (id, mode, until, reason, set_at, set_by) values (1, @Mode, @Until, @Reason, @SetAt, @SetBy) " +
            "on conflict (id) do update set mode = excluded.mode, until = excluded.until, reason = excluded.reason, set_at = excluded.set_at, set_by = excluded.set_by",
            new { value.Mode, Until = value.Until.UtcDateTime, value.Reason, SetAt = value.SetAt.UtcDateTime, value.SetBy }, transaction, cancellationToken: ct));
        await LogAsync(connection, transaction, value.SetAt, "hours-override-set", new { mode = value.Mode, until = value.Until, reason = value.Reason, by = value.SetBy }, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Removes the override; true when there was one.</summary>
    public async Task<bool> ClearAsync(DateTimeOffset at, string? by, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var removed = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "delete from hours_override where id = 1 returning mode, until, reason, set_at, set_by", transaction: transaction, cancellationToken: ct));
        if (removed is not null)
        {
            await LogAsync(connection, transaction, at, "hours-override-cleared", new { mode = removed.Mode, until = Calls.CallStore.Utc(removed.Until), reason = removed.Reason, by }, ct);
        }

        await transaction.CommitAsync(ct);
        return removed is not null;
    }

    private static Task<int> LogAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset at, string kind, object detail, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "insert into service_events (at, kind, detail) values (@At, @Kind, @Detail::jsonb)",
            new { At = at.UtcDateTime, Kind = kind, Detail = JsonSerializer.Serialize(detail) }, transaction, cancellationToken: ct));

    private sealed record Row(string Mode, DateTime Until, string Reason, DateTime Set_At, string? Set_By);
}
