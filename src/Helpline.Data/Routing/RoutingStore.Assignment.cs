using Dapper;
using Npgsql;

namespace Helpline.Data.Routing;

public sealed partial class RoutingStore
{
    /// <summary>
    /// Gives the longest-waiting caller to the available worker the policy puts first (default: longest idle), in one transaction: both rows are locked
    /// with <c>SKIP LOCKED</c>, so concurrent dispatchers each take a different pair or nothing. Null when no caller
    /// waits or no worker is available.
    /// </summary>
    public async Task<Assignment?> TryAssignAsync(DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var worker = await connection.QuerySingleOrDefaultAsync<(int Id, string Name, string Phone)?>(new CommandDefinition(
            $"select id, name, phone from workers where active and status = 'available' order by {_workerOrder} limit 1 for update skip locked",
            transaction: transaction, cancellationToken: ct));
        if (worker is null)
        {
            await transaction.RollbackAsync(ct);
            return null;
        }

        var caller = await connection.QuerySingleOrDefaultAsync<(string CallSid, string? MenuChoice, DateTime JoinedAt)?>(new CommandDefinition(
            "select call_sid, menu_choice, joined_at from queue_entries where status = 'waiting' order by priority_at, joined_at limit 1 for update skip locked",
            transaction: transaction, cancellationToken: ct));
        if (caller is null)
        {
            await transaction.RollbackAsync(ct);
            return null;
        }

        var (id, name, phone) = worker.Value;
        var (callSid, menuChoice, joinedAt) = caller.Value;
        await connection.ExecuteAsync(new CommandDefinition(
            "update workers set status = 'ringing', status_since = @at, current_call_sid = @callSid where id = @id; " +
            "update queue_entries set status = 'offered', worker_id = @id, offered_at = @at, offers = offers + 1 where call_sid = @callSid",
            new { id, callSid, at = at.UtcDateTime }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return new Assignment(callSid, id, name, phone, menuChoice, (int)Math.Max(0, (at - Calls.CallStore.Utc(joinedAt)).TotalSeconds));
    }

    /// <summary>
    /// The offer could not reach the caller's call (the redirect failed for good, or the caller is gone): the worker is
    /// released at once (it is not their miss) and the caller keeps their place, or leaves when gone.
    /// </summary>
    public async Task OfferFailedAsync(string callSid, int workerId, bool callerGone, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            callerGone
                ? "update queue_entries set status = 'abandoned', ended_at = @at, wait_seconds = greatest(0, extract(epoch from (@at - joined_at))::int) where call_sid = @callSid and status = 'offered'"
                : "update queue_entries set status = 'waiting', worker_id = null where call_sid = @callSid and status = 'offered'",
            new { callSid, at = at.UtcDateTime }, transaction, cancellationToken: ct));
        await ReleaseWorkerAsync(connection, transaction, workerId, callSid, at, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// The worker picked up (their phone asked for the whisper): worker on call, caller answered. Returns the caller's
    /// menu choice and wait for the whisper, or null when this offer is no longer current (a late or repeated request).
    /// </summary>
    public async Task<(string? MenuChoice, int WaitSeconds)?> WorkerAnsweredAsync(string callSid, int workerId, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var entry = await connection.QuerySingleOrDefaultAsync<(string? MenuChoice, int WaitSeconds)?>(new CommandDefinition(
            "update queue_entries set status = 'answered', answered_at = @at, wait_seconds = greatest(0, extract(epoch from (@at - joined_at))::int) " +
            "where call_sid = @callSid and worker_id = @workerId and status = 'offered' returning menu_choice, wait_seconds",
            new { callSid, workerId, at = at.UtcDateTime }, transaction, cancellationToken: ct));
        if (entry is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update workers set status = 'on-call', status_since = @at, missed_in_a_row = 0 where id = @workerId and current_call_sid = @callSid",
                new { callSid, workerId, at = at.UtcDateTime }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        return entry;
    }

    /// <summary>
    /// The worker did not answer (or was busy): they are counted a miss and paused after <paramref name="autoPauseAfter"/>
    /// misses in a row; the caller goes back to the front of the queue (their place is kept), not the back.
    /// </summary>
    public async Task<bool> WorkerMissedAsync(string callSid, int workerId, int autoPauseAfter, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "with e as (update queue_entries set status = 'waiting', worker_id = null where call_sid = @callSid and worker_id = @workerId and status = 'offered' returning 1) " +
            "update workers set missed_in_a_row = missed_in_a_row + 1, current_call_sid = null, status_since = @at, idle_since = @at, " +
            "status = case when missed_in_a_row + 1 >= @autoPauseAfter then 'pause' else 'available' end " +
            "where id = @workerId and current_call_sid = @callSid and exists (select 1 from e)",
            new { callSid, workerId, autoPauseAfter, at = at.UtcDateTime }, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(Notify, cancellationToken: ct));
        return changed == 1;
    }

    /// <summary>The conversation is over: the worker goes to wrap-up until <paramref name="wrapUpUntil"/>.</summary>
    public async Task ConversationEndedAsync(string callSid, DateTimeOffset at, DateTimeOffset wrapUpUntil, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "update queue_entries set ended_at = coalesce(ended_at, @at) where call_sid = @callSid and status = 'answered'; " +
            "update workers set status = 'wrap-up', status_since = @at, wrap_up_until = @until, current_call_sid = null, calls_answered = calls_answered + 1 " +
            "where current_call_sid = @callSid and status = 'on-call'",
            new { callSid, at = at.UtcDateTime, until = wrapUpUntil.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>
    /// The safety net the dispatchers run periodically: wrap-ups that are over become available; offers stuck ringing
    /// longer than <paramref name="offerTimeout"/> (a lost webhook) release the worker and give the caller back their place.
    /// Returns the number of rows changed.
    /// </summary>
    public async Task<int> SweepAsync(DateTimeOffset at, TimeSpan offerTimeout, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var changed = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "with w as (update workers set status = 'available', status_since = wrap_up_until, idle_since = wrap_up_until, wrap_up_until = null " +
            "where status = 'wrap-up' and wrap_up_until <= @at returning 1), " +
            // RETURNING gives the new row, whose worker_id is already null: select the stuck offers (and their workers) first.
            "stuck as (select call_sid, worker_id from queue_entries where status = 'offered' and offered_at <= @stuckBefore for update), " +
            "e as (update queue_entries set status = 'waiting', worker_id = null from stuck where queue_entries.call_sid = stuck.call_sid returning 1), " +
            "r as (update workers set status = 'available', status_since = @at, current_call_sid = null from stuck where workers.id = stuck.worker_id and workers.current_call_sid = stuck.call_sid returning 1) " +
            "select (select count(*) from w) + (select count(*) from e)",
            new { at = at.UtcDateTime, stuckBefore = (at - offerTimeout).UtcDateTime }, cancellationToken: ct));
        if (changed > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(Notify, cancellationToken: ct));
        }

        return changed;
    }

    private static async Task ReleaseWorkerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int workerId, string callSid, DateTimeOffset at, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "update workers set status = 'available', status_since = @at, current_call_sid = null where id = @workerId and current_call_sid = @callSid and status = 'ringing'",
            new { workerId, callSid, at = at.UtcDateTime }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(Notify, transaction: transaction, cancellationToken: ct));
    }
}
