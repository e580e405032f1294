using Dapper;
using Npgsql;

namespace Helpline.Data.Callers;

/// <summary>
/// Saturation mode, as stored (it survives restarts and is shared by every instance): while it lasts, every new caller
/// must pass the keypad challenge before being queued. Every change is also written as a service event.
/// </summary>
public sealed class SaturationStore(NpgsqlDataSource dataSource)
{
    /// <summary>The stored mode (possibly expired), or null.</summary>
    public async Task<SaturationMode?> GetAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(DateTime Until, string Reason, string SetBy, DateTime SetAt)?>(new CommandDefinition(
            "select until, reason, set_by, set_at from saturation_mode where id = 1", cancellationToken: ct));
        return row is { } r ? new SaturationMode(Timestamps.FromDatabase(r.Until), r.Reason, r.SetBy, Timestamps.FromDatabase(r.SetAt)) : null;
    }

    /// <summary>Switches saturation mode on until <see cref="SaturationMode.Until"/> (replacing any), and logs it.</summary>
    public async Task SetAsync(SaturationMode mode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mode);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "with s as (insert into saturation_mode (id, until, reason, set_by, set_at) values (1, @until, @reason, @by, @at) " +
            "on conflict (id) do update set until = excluded.until, reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at returning 1) " +
            "insert into service_events (at, kind, detail) select @at, 'saturation-on', jsonb_build_object('until', @until, 'reason', @reason, 'by', @by) from s",
            new { until = mode.Until.UtcDateTime, reason = mode.Reason, by = mode.SetBy, at = mode.SetAt.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>Switches saturation mode off, and logs it; false when it was not on.</summary>
    public async Task<bool> ClearAsync(string by, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "with d as (delete from saturation_mode where id = 1 returning 1), " +
            "e as (insert into service_events (at, kind, detail) select @at, 'saturation-off', jsonb_build_object('by', @by) from d returning 1) " +
            "select count(*) from d", new { by, at = at.UtcDateTime }, cancellationToken: ct)) > 0;
    }

    /// <summary>Challenges of callers whose call started in [<paramref name="from"/>, <paramref name="to"/>): passed and failed.</summary>
    public async Task<(int Passed, int Failed)> ChallengesBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<(int, int)>(new CommandDefinition(
            "select count(*) filter (where challenge = 'passed')::int, count(*) filter (where challenge = 'failed')::int from calls where started_at >= @from and started_at < @to",
            new { from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>Challenges of callers whose call started at or after <paramref name="since"/> (the mode's start): passed and failed.</summary>
    public async Task<(int Passed, int Failed)> ChallengesSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<(int, int)>(new CommandDefinition(
            "select count(*) filter (where challenge = 'passed')::int, count(*) filter (where challenge = 'failed')::int from calls where started_at >= @since",
            new { since = since.UtcDateTime }, cancellationToken: ct));
    }
}
