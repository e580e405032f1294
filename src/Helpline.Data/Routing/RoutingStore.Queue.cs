using Dapper;

namespace Helpline.Data.Routing;

public sealed partial class RoutingStore
{
    /// <summary>
    /// Puts a caller in the queue (a repeated join changes nothing) and wakes the dispatchers, in one round trip. A call
    /// already over is never queued: a late webhook (or a hold poll re-joining a caller whose join was lost) after the
    /// call's end changes nothing.
    /// </summary>
    /// <param name="callSid">The caller's call.</param>
    /// <param name="queueName">The queue.</param>
    /// <param name="menuChoice">The keys that led there, or null.</param>
    /// <param name="at">When she joined (her place in line).</param>
    /// <param name="ct">Cancels the statement.</param>
    /// <param name="sameWorkerSeconds">How long a recalling caller is reserved for the worker she spoke to (her class and that worker come from the call row).</param>
    public async Task JoinQueueAsync(string callSid, string queueName, string? menuChoice, DateTimeOffset at, CancellationToken ct, int sameWorkerSeconds = 0)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            // c: the call row if it is stored yet (its tags and the worker a recalling caller spoke to), else nothing known.
            // No keypad-challenge check here: a caller polls the hold audio only once she was answered with the queue.
            "with c as (select coalesce(k.tags, '{}') as tags, k.recall_worker_id, k.ended_at from (select 1) one left join calls k on k.call_sid = @callSid), " +
            $"i as (insert into queue_entries (call_sid, queue_name, menu_choice, joined_at, priority_at, {QueueOrderSql.JoinColumns}) " +
            $"select @callSid, @queueName, @menuChoice, @at, @at, {QueueOrderSql.JoinValues("c", "@at", "@sameWorker")} from c where c.ended_at is null " +
            "on conflict (call_sid) do nothing returning 1) " +
            "select " + WorkerSql.Notify + " from i",
            new { callSid, queueName, menuChoice, at = at.UtcDateTime, sameWorker = sameWorkerSeconds }, cancellationToken: ct));
    }

    /// <summary>The callers waiting or being offered, in queue order.</summary>
    public async Task<IReadOnlyList<WaitingCall>> QueueAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string CallSid, string Status, DateTime JoinedAt, string? MenuChoice)>(new CommandDefinition(
            $"select call_sid, status, joined_at, menu_choice from queue_entries q where status in ('waiting', 'offered') order by {QueueOrderSql.Order("q")}", cancellationToken: ct));
        return rows.Select((r, i) => new WaitingCall(i + 1, r.CallSid, r.Status, (int)Math.Max(0, (now - Timestamps.FromDatabase(r.JoinedAt)).TotalSeconds), r.MenuChoice)).ToList();
    }

    /// <summary>The caller's 1-based position among waiting callers, or null when not waiting.</summary>
    public async Task<int?> PositionAsync(string callSid, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            // Callers ahead in the queue's order (QueueOrder): a higher class, or the same class and earlier in line.
            $"select 1 + (select count(*) from queue_entries o where o.status = 'waiting' and {QueueOrderSql.Ahead("o", "e")}) " +
            "from queue_entries e where e.call_sid = @callSid and e.status = 'waiting'", new { callSid }, cancellationToken: ct));
    }

    /// <summary>
    /// Since when no worker can come to a waiting caller — nobody available, ringing, on a call or in wrap-up (everyone
    /// paused or offline, or due to pause or go offline after their call) — or null when someone can. When no worker
    /// exists at all, <see cref="DateTimeOffset.MinValue"/>. (<see cref="WorkersComingAsync"/> also says how many can.)
    /// </summary>
    public async Task<DateTimeOffset?> NobodyCanComeSinceAsync(CancellationToken ct) => (await WorkersComingAsync(ct)).NobodySince;

    /// <summary>
    /// The caller left the queue without a worker (hung up, overflowed). A worker whose phone was ringing for the call is
    /// released (not a miss). An entry whose worker already picked up is left to the worker's dial outcome
    /// (<see cref="DialOutcomeAsync"/>). Returns false when the caller was not waiting or being offered.
    /// </summary>
    public async Task<bool> LeaveQueueAsync(string callSid, string status, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var entry = await connection.QuerySingleOrDefaultAsync<(string Status, int? WorkerId)?>(new CommandDefinition(
            "update queue_entries set status = @status, ended_at = @at, wait_seconds = greatest(0, extract(epoch from (@at - joined_at))::int) " +
            "where call_sid = @callSid and status in ('waiting', 'offered') returning status, worker_id",
            new { callSid, status, at = at.UtcDateTime }, transaction, cancellationToken: ct));
        if (entry is { WorkerId: { } workerId })
        {
            await ReleaseWorkerAsync(connection, transaction, workerId, callSid, at, ct);
        }

        await transaction.CommitAsync(ct);
        return entry is not null;
    }
}
