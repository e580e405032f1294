using Dapper;
using Npgsql;

namespace Helpline.Data.WrapUps;

/// <summary>
/// The orientation a worker gives after each call (the after-call form). Only the worker who answered a call can
/// record its orientation, and only once: a repeated submission (double click, back button) changes nothing.
/// </summary>
public sealed class WrapUpStore(NpgsqlDataSource dataSource)
{
    /// <summary>How far back an answered call still asks for its orientation.</summary>
    public static readonly TimeSpan PendingWindow = TimeSpan.FromHours(12);

    /// <summary>The worker's most recent answered call without an orientation (within <see cref="PendingWindow"/>), or null.</summary>
    public async Task<PendingWrapUp?> PendingAsync(int workerId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string CallSid, string? MenuChoice, int? WaitSeconds, DateTime AnsweredAt)?>(new CommandDefinition(
            "select q.call_sid, q.menu_choice, q.wait_seconds, q.answered_at from queue_entries q " +
            "where q.worker_id = @workerId and q.status = 'answered' and q.ended_at is not null and q.answered_at > @since " +
            "and not exists (select 1 from wrap_ups u where u.call_sid = q.call_sid) order by q.answered_at desc limit 1",
            new { workerId, since = (now - PendingWindow).UtcDateTime }, cancellationToken: ct));
        return row is { } r ? new PendingWrapUp(r.CallSid, r.MenuChoice, r.WaitSeconds ?? 0, Timestamps.FromDatabase(r.AnsweredAt)) : null;
    }

    /// <summary>
    /// Records the orientation of a call the worker answered. False when the call was not answered by this worker or
    /// already has its orientation.
    /// </summary>
    public async Task<bool> RecordAsync(string callSid, int workerId, string category, string? note, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "insert into wrap_ups (call_sid, worker_id, category, note, at) " +
            "select q.call_sid, @workerId, @category, @note, @at from queue_entries q " +
            "where q.call_sid = @callSid and q.worker_id = @workerId and q.status = 'answered' on conflict (call_sid) do nothing",
            new { callSid, workerId, category, note, at = at.UtcDateTime }, cancellationToken: ct)) == 1;
    }
}
