using Dapper;
using Npgsql;

namespace Helpline.Data.Routing;

public sealed partial class RoutingStore
{
    /// <summary>
    /// Gives the next caller to an available worker in one transaction, as Core's <c>QueueOrder</c> says: workers are
    /// tried in the policy's order (default: longest idle), each takes the first caller eligible for them — priority
    /// class first (a caller cut off who calls back), a caller reserved for them within her class, then the place in
    /// line — and callers reserved for another worker are left to that worker until the reservation lapses. Rows are
    /// locked with <c>SKIP LOCKED</c>, so concurrent dispatchers each take a different pair or nothing. A caller whose
    /// call has already ended is never offered. Null when no worker can take anyone.
    /// </summary>
    /// <remarks>
    /// Two index probes per worker tried, whatever the queue's length: the best caller reserved for the worker (partial
    /// index <c>queue_entries_reserved</c>), then the first eligible caller of a higher class in the queue's order
    /// (<c>queue_entries_waiting_order</c>), which skips only the few callers reserved for others.
    /// </remarks>
    /// <param name="at">The instant of the assignment.</param>
    /// <param name="ct">Cancels the transaction.</param>
    /// <param name="callbacksAllowed">False while the line is closed (its calendar or the operator's override): call-back
    /// requests are then left waiting (a call-back is only made while the line is open); callers on the line are not.</param>
    public async Task<Assignment?> TryAssignAsync(DateTimeOffset at, CancellationToken ct, bool callbacksAllowed = true)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var workers = (await connection.QueryAsync<(int Id, string Name, string Phone)>(new CommandDefinition(
            $"select id, name, phone from workers where active and status = 'available' order by {_workerOrder} for update skip locked",
            transaction: transaction, cancellationToken: ct))).ToList();
        foreach (var (id, name, phone) in workers)
        {
            var parameters = new { worker = id, at = at.UtcDateTime, callbacks = callbacksAllowed };
            var reserved = await connection.QuerySingleOrDefaultAsync<CallerRow>(new CommandDefinition(
                CallerSelect + "where q.status = 'waiting' and q.preferred_worker_id = @worker and q.preferred_until > @at and c.ended_at is null " +
                $"and {QueueOrderSql.Due("q", "@at", "@callbacks")} " +
                $"order by {QueueOrderSql.Order("q")} limit 1 for update of q skip locked",
                parameters, transaction, cancellationToken: ct));
            var caller = await connection.QuerySingleOrDefaultAsync<CallerRow>(new CommandDefinition(
                CallerSelect + $"where q.status = 'waiting' and c.ended_at is null and {QueueOrderSql.EligibleFor("q", "@worker", "@at")} and q.priority > @floor " +
                $"and {QueueOrderSql.Due("q", "@at", "@callbacks")} " +
                $"order by {QueueOrderSql.Order("q")} limit 1 for update of q skip locked",
                new { worker = id, at = at.UtcDateTime, floor = reserved?.Priority ?? short.MinValue, callbacks = callbacksAllowed }, transaction, cancellationToken: ct)) ?? reserved;
            if (caller is null)
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "update workers set status = 'ringing', status_since = @at, current_call_sid = @callSid where id = @id; " +
                "update queue_entries set status = 'offered', worker_id = @id, offered_at = @at, offers = offers + 1 where call_sid = @callSid",
                new { id, callSid = caller.CallSid, at = at.UtcDateTime }, transaction, cancellationToken: ct));
            var offer = caller.Offers + 1;
            await transaction.CommitAsync(ct);
            var joined = Timestamps.FromDatabase(caller.JoinedAt);
            var position = caller is { FlowHash: { } hash, State: { } state, StepNumber: { } step, MenuReplays: { } replays } ? new StoredPosition(hash, state, step, replays) : null;
            return new Assignment(caller.CallSid, id, name, phone, caller.MenuChoice, (int)Math.Max(0, (at - joined).TotalSeconds), joined, position, offer)
            {
                Tags = CallTagsColumn.Read(caller.Tags),
                Callback = caller.CallbackId is { } callbackId
                    ? new AssignedCallback(callbackId, caller.CallbackFlowHash, caller.QueueName, caller.WindowName ?? string.Empty, caller.MessageAllowed ?? false, caller.HelplineNumber)
                    : null,
            };
        }

        await transaction.RollbackAsync(ct);
        return null;
    }

    private const string CallerSelect =
        "select q.call_sid as CallSid, q.menu_choice as MenuChoice, q.joined_at as JoinedAt, q.offers as Offers, q.priority as Priority, c.flow_hash as FlowHash, " +
        "c.state as State, c.step as StepNumber, c.attempt as MenuReplays, coalesce(array_to_string(c.tags, ','), array_to_string(r.tags, ',')) as Tags, q.callback_id as CallbackId, " +
        "r.flow_hash as CallbackFlowHash, q.queue_name as QueueName, r.window_name as WindowName, r.message_allowed as MessageAllowed, r.helpline_number as HelplineNumber " +
        "from queue_entries q left join calls c on c.call_sid = q.call_sid left join callback_requests r on r.id = q.callback_id ";

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
    /// The worker's phone answered (the provider asked for the whisper): the entry is <c>picked-up</c> and the worker on
    /// the phone. Whether the caller is answered is decided only by the worker's <c>&lt;Dial&gt;</c> outcome
    /// (<see cref="DialOutcomeAsync"/>). Returns false when this offer is no longer current (the caller hung up meanwhile,
    /// or the offer was taken back): the worker must then be told the caller is gone and hung up on.
    /// </summary>
    /// <remarks>
    /// Idempotent: a repeated whisper request of the same offer returns true and changes nothing. With
    /// <paramref name="offerNumber"/> (the offer's ordinal for this caller, carried in its URLs), a whisper of an
    /// earlier offer — delivered again while the caller is offered anew — is not current.
    /// </remarks>
    public async Task<bool> WorkerPickedUpAsync(string callSid, int workerId, int? offerNumber, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "with e as (update queue_entries set status = 'picked-up', picked_up_at = @at " +
            "where call_sid = @callSid and worker_id = @workerId and status = 'offered' and (@offer::int is null or offers = @offer) returning 1), " +
            "w as (update workers set status = 'on-call', status_since = @at where id = @workerId and current_call_sid = @callSid and status = 'ringing' and exists (select 1 from e) returning 1) " +
            "select exists (select 1 from e) or exists (select 1 from queue_entries where call_sid = @callSid and worker_id = @workerId and status = 'picked-up' and (@offer::int is null or offers = @offer))",
            new { callSid, workerId, offer = offerNumber, at = at.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>
    /// The worker's <c>&lt;Dial&gt;</c> ended: the one place that decides an offer's outcome, whatever order the provider's
    /// webhooks arrive in. <see cref="DialOutcome.Bridged"/> answers the caller (the worker goes to wrap-up until
    /// <paramref name="wrapUpUntil"/>); <see cref="DialOutcome.CallerGone"/> abandons the entry and frees the worker
    /// with no miss; <see cref="DialOutcome.NotTaken"/> puts the caller back at the front of the queue and counts the
    /// worker a miss (autopaused after <paramref name="autoPauseAfter"/> in a row, unless they chose to go offline).
    /// </summary>
    /// <param name="callSid">The caller's call.</param>
    /// <param name="workerId">The worker the offer went to.</param>
    /// <param name="offerNumber">The offer's ordinal for this caller (from its URLs), so an outcome of an earlier offer delivered again is not taken for the current one's; null for URLs of an older build.</param>
    /// <param name="outcome">What the dial outcome says.</param>
    /// <param name="autoPauseAfter">Misses in a row that pause a worker.</param>
    /// <param name="wrapUpUntil">End of the worker's wrap-up, for an answered call.</param>
    /// <param name="talkSeconds">The worker leg's duration when known (it dates the pick-up if the whisper was never recorded).</param>
    /// <param name="at">When the outcome arrived.</param>
    /// <param name="ct">Cancels the transaction.</param>
    /// <remarks>
    /// Idempotent: a repeated outcome of an answered offer returns <see cref="OfferResult.Answered"/> and changes nothing;
    /// any other outcome that finds no current offer returns <see cref="OfferResult.NotCurrent"/>.
    /// </remarks>
    public async Task<OfferResult> DialOutcomeAsync(
        string callSid, int workerId, int? offerNumber, DialOutcome outcome, int autoPauseAfter, DateTimeOffset wrapUpUntil, int? talkSeconds, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select status from queue_entries where call_sid = @callSid and worker_id = @workerId and (@offer::int is null or offers = @offer) for update",
            new { callSid, workerId, offer = offerNumber }, transaction, cancellationToken: ct));
        if (status is not ("offered" or "picked-up"))
        {
            await transaction.RollbackAsync(ct);
            return status == "answered" ? OfferResult.Answered : OfferResult.NotCurrent; // a repeated outcome gets the same answer
        }

        var parameters = new { callSid, workerId, autoPauseAfter, at = at.UtcDateTime, until = wrapUpUntil.UtcDateTime, pickedUp = at.AddSeconds(-Math.Max(0, talkSeconds ?? 0)).UtcDateTime };
        OfferResult result;
        switch (outcome)
        {
            case DialOutcome.Bridged:
                await connection.ExecuteAsync(new CommandDefinition(
                    "update queue_entries set status = 'answered', answered_at = coalesce(picked_up_at, greatest(offered_at, @pickedUp)), ended_at = @at, " +
                    "wait_seconds = greatest(0, extract(epoch from (coalesce(picked_up_at, greatest(offered_at, @pickedUp)) - joined_at))::int) where call_sid = @callSid; " +
                    "update workers set status = 'wrap-up', status_since = @at, wrap_up_until = @until, current_call_sid = null, calls_answered = calls_answered + 1, missed_in_a_row = 0 " +
                    "where id = @workerId and current_call_sid = @callSid",
                    parameters, transaction, cancellationToken: ct));
                result = OfferResult.Answered;
                break;
            case DialOutcome.CallerGone:
                await connection.ExecuteAsync(new CommandDefinition(
                    "update queue_entries set status = 'abandoned', ended_at = @at, wait_seconds = greatest(0, extract(epoch from (@at - joined_at))::int) where call_sid = @callSid; " +
                    $"update workers set {WorkerSql.Free("@at")} where id = @workerId and current_call_sid = @callSid",
                    parameters, transaction, cancellationToken: ct));
                result = OfferResult.Abandoned;
                break;
            default:
                // Autopause wins over going back to available, never over a chosen "offline".
                await connection.ExecuteAsync(new CommandDefinition(
                    // Back in line, keeping her place; a reservation for the worker who missed her is over.
                    "update queue_entries set status = 'waiting', worker_id = null, picked_up_at = null, " +
                    "preferred_until = case when preferred_worker_id = @workerId then null else preferred_until end where call_sid = @callSid; " +
                    "update workers set missed_in_a_row = missed_in_a_row + 1, current_call_sid = null, wrap_up_until = null, status_since = @at, " +
                    $"status = case when pending_status = 'offline' then 'offline' when missed_in_a_row + 1 >= @autoPauseAfter then 'pause' else {WorkerSql.NextStatus} end, " +
                    $"auto_paused = pending_status is distinct from 'offline' and missed_in_a_row + 1 >= @autoPauseAfter, " +
                    $"idle_since = case when pending_status is null and missed_in_a_row + 1 < @autoPauseAfter then @at else idle_since end, " +
                    "pending_status = null, pending_since = null " +
                    "where id = @workerId and current_call_sid = @callSid",
                    parameters, transaction, cancellationToken: ct));
                result = OfferResult.BackInQueue;
                break;
        }

        await connection.ExecuteAsync(new CommandDefinition("select " + WorkerSql.Notify, transaction: transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// The safety net the dispatchers run periodically: wrap-ups that are over end (the worker takes the status they
    /// chose meanwhile, or becomes available); offers stuck ringing longer than <paramref name="offerTimeout"/> (a lost
    /// webhook) release the worker and give the caller back their place; a picked-up offer whose caller's call ended
    /// more than <paramref name="offerTimeout"/> ago without a dial outcome (lost) is settled from what is known: a
    /// caller who stayed on the line <see cref="LostOutcomeConversationSeconds"/> or more after the pick-up talked to the
    /// worker (answered, wrap-up from the call's end), otherwise abandoned; a worker left ringing or on a call for longer
    /// than <paramref name="offerTimeout"/> with no current offer is freed. Returns the number of rows changed.
    /// </summary>
    public async Task<int> SweepAsync(DateTimeOffset at, TimeSpan offerTimeout, TimeSpan wrapUp, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var changed = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "with w as (update workers set " + WorkerSql.Free("wrap_up_until") + " " +
            "where status = 'wrap-up' and wrap_up_until <= @at returning 1), " +
            // RETURNING gives the new row, whose worker_id is already null: select the stuck offers (and their workers) first.
            "stuck as (select call_sid, worker_id from queue_entries where status = 'offered' and offered_at <= @stuckBefore for update), " +
            "e as (update queue_entries set status = 'waiting', worker_id = null from stuck where queue_entries.call_sid = stuck.call_sid returning 1), " +
            "r as (update workers set " + WorkerSql.Free("@at") + " from stuck where workers.id = stuck.worker_id and workers.current_call_sid = stuck.call_sid returning 1), " +
            "lost as (select q.call_sid, q.worker_id, c.ended_at, c.ended_at - q.picked_up_at >= make_interval(secs => @conversation) as talked " +
            "from queue_entries q join calls c on c.call_sid = q.call_sid where q.status = 'picked-up' and c.ended_at <= @stuckBefore for update of q), " +
            "s as (update queue_entries set status = case when lost.talked then 'answered' else 'abandoned' end, ended_at = lost.ended_at, " +
            "answered_at = case when lost.talked then picked_up_at end, " +
            "wait_seconds = greatest(0, extract(epoch from (case when lost.talked then picked_up_at else lost.ended_at end - joined_at))::int) " +
            "from lost where queue_entries.call_sid = lost.call_sid returning 1), " +
            "so as (update calls set outcome = case when lost.talked then 'answered' else 'abandoned-in-queue' end from lost where calls.call_sid = lost.call_sid returning 1), " +
            "sw as (update workers set " +
            "status = case when lost.talked then 'wrap-up' else " + WorkerSql.NextStatus + " end, status_since = @at, current_call_sid = null, " +
            "wrap_up_until = case when lost.talked then lost.ended_at + make_interval(secs => @wrapUp) end, " +
            "calls_answered = calls_answered + case when lost.talked then 1 else 0 end, " +
            "idle_since = case when not lost.talked and " + WorkerSql.NextStatus + " = 'available' then @at else idle_since end, " +
            "pending_status = case when lost.talked then pending_status end, pending_since = case when lost.talked then pending_since end " +
            "from lost where workers.id = lost.worker_id and workers.current_call_sid = lost.call_sid returning 1), " +
            // A worker left ringing or on a call whose offer is no longer current (a status callback that landed inside an
            // assignment's transaction, then a redirect that went through) is freed too.
            "o as (update workers set " + WorkerSql.Free("@at") + " where status in ('ringing', 'on-call') and status_since <= @stuckBefore " +
            "and not exists (select 1 from queue_entries q where q.call_sid = workers.current_call_sid and q.status in ('offered', 'picked-up')) returning 1) " +
            "select (select count(*) from w) + (select count(*) from e) + (select count(*) from s) + (select count(*) from o)",
            new { at = at.UtcDateTime, stuckBefore = (at - offerTimeout).UtcDateTime, conversation = (double)LostOutcomeConversationSeconds, wrapUp = wrapUp.TotalSeconds },
            cancellationToken: ct));
        if (changed > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("select " + WorkerSql.Notify, cancellationToken: ct));
        }

        return changed;
    }

    /// <summary>
    /// When a picked-up offer's dial outcome was lost, a caller whose call went on at least this long after the worker
    /// picked up is taken to have talked with the worker (a whisper lasts a few seconds).
    /// </summary>
    public const int LostOutcomeConversationSeconds = 15;

    private static async Task ReleaseWorkerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int workerId, string callSid, DateTimeOffset at, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            $"update workers set {WorkerSql.Free("@at")} where id = @workerId and current_call_sid = @callSid and status = 'ringing'",
            new { workerId, callSid, at = at.UtcDateTime }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("select " + WorkerSql.Notify, transaction: transaction, cancellationToken: ct));
    }

    private sealed record CallerRow(string CallSid, string? MenuChoice, DateTime JoinedAt, int Offers, short Priority, string? FlowHash, string? State, int? StepNumber, int? MenuReplays, string? Tags, int? CallbackId,
        string? CallbackFlowHash, string QueueName, string? WindowName, bool? MessageAllowed, string? HelplineNumber);
}
