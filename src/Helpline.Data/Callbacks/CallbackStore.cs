using Dapper;
using Helpline.Data.Routing;
using Npgsql;

namespace Helpline.Data.Callbacks;

/// <summary>
/// Call-back requests (issue 13) in PostgreSQL: the consent record, the request's turn in the one queue (an entry of kind
/// <c>callback</c>, assigned by <see cref="RoutingStore.TryAssignAsync"/> like a waiting call), its attempts and its end.
/// Every change is one statement (one commit); the statement that ends a request — reached, not reached, expired,
/// cancelled — also erases its number.
/// </summary>
/// <remarks>Thread-safe: connections come from the data source's pool. The number is never seen here in clear.</remarks>
public sealed class CallbackStore(NpgsqlDataSource dataSource)
{
    // The number is erased by every statement that ends a request: this is the SET clause they share.
    private const string End = "number_protected = null, ended_at = @at";

    /// <summary>
    /// Records a request and its consent, in one statement: the request row; its queue entry, which keeps the place in
    /// line (<c>priority_at</c>, <c>joined_at</c>) and the class of the asking call's entry when she was waiting, in the
    /// call-back class at least (<see cref="Core.Routing.QueueOrder.CallbackPriority"/>), waiting at once when its window
    /// has begun; the asking call's own entry leaves the queue as <c>callback</c>; its outcome becomes
    /// <c>callback-requested</c>. Wakes the dispatchers when the request may be made now. Returns the request's number.
    /// </summary>
    /// <remarks>
    /// Idempotent per asking call: while a request of <see cref="CallbackConsent.CallSid"/> is pending (a provider retry of
    /// her confirmation, the wrap-up form sent twice), nothing is recorded or changed and that request's number is returned
    /// (a unique index on pending requests' <c>call_sid</c>, migration 0014).
    /// </remarks>
    public async Task<int> RequestAsync(CallbackConsent consent, string? menuChoice, IReadOnlyList<string> tags, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(consent);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var id = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "with me as (select priority, priority_at, joined_at, queue_name, menu_choice from queue_entries where call_sid = @callSid and kind = 'call' and status = 'waiting' for update), " +
            "r as (insert into callback_requests (call_sid, caller_hash, number_hash, number_protected, window_name, window_from, window_to, message_allowed, caller_id, summary, " +
            "consented_at, source, worker_id, menu_choice, tags, flow_hash, helpline_number) " +
            // At wrap-up (no waiting entry), what the worker's call knew: her caller hash (she cancels by calling again
            // from it), its menu choice, the flow and the number she called (the caller ID by default).
            "values (@callSid, coalesce(@callerHash, (select caller_hash from calls where call_sid = @callSid)), @numberHash, @number, @windowName, @windowFrom, @windowTo, " +
            "@messageAllowed, @callerId, @summary, @at, @source, @workerId, " +
            "coalesce((select menu_choice from me), @menuChoice, (select e.menu_choice from queue_entries e where e.call_sid = @callSid and e.kind = 'call')), " +
            "coalesce((select tags from calls where call_sid = @callSid), @tags), coalesce(@flowHash, (select flow_hash from calls where call_sid = @callSid)), " +
            "coalesce(@helplineNumber, (select called_number from calls where call_sid = @callSid))) " +
            // One consent, one request: a retried webhook or a form sent twice finds the request already pending.
            "on conflict (call_sid) where status = 'pending' do nothing returning id, menu_choice), " +
            "q as (insert into queue_entries (call_sid, kind, callback_id, queue_name, menu_choice, status, joined_at, priority_at, priority, not_before, window_to) " +
            "select 'callback:' || r.id, 'callback', r.id, coalesce((select queue_name from me), @queueName), r.menu_choice, " +
            "case when @windowFrom <= @at then 'waiting' else 'scheduled' end, coalesce((select joined_at from me), @at), coalesce((select priority_at from me), @at), " +
            $"greatest({Core.Routing.QueueOrder.CallbackWindowOpen}, coalesce((select priority from me), 0)), @windowFrom, @windowTo from r returning status), " +
            "left_queue as (update queue_entries set status = 'callback', ended_at = @at, wait_seconds = greatest(0, extract(epoch from (@at - joined_at))::int) " +
            "where call_sid = @callSid and kind = 'call' and status = 'waiting' and exists (select 1 from r) returning 1), " +
            "outcome as (update calls set outcome = 'callback-requested', updated_at = @at where call_sid = @callSid and @source = 'caller' and exists (select 1 from r) returning 1) " +
            "select coalesce((select id from r), (select id from callback_requests where call_sid = @callSid and status = 'pending')) " +
            "+ 0 * (select count(*) from (select " + WorkerSql.Notify + " from q where q.status = 'waiting') n)::int " +
            "+ 0 * (select count(*) from left_queue)::int + 0 * (select count(*) from outcome)::int",
            new
            {
                callSid = consent.CallSid, callerHash = consent.CallerHash, numberHash = consent.NumberHash, number = consent.NumberProtected, windowName = consent.WindowName,
                windowFrom = consent.WindowFrom.UtcDateTime, windowTo = consent.WindowTo.UtcDateTime, messageAllowed = consent.MessageAllowed, callerId = consent.CallerId,
                summary = consent.Summary, at = at.UtcDateTime, source = consent.Source, workerId = consent.WorkerId, menuChoice, tags = tags.ToArray(),
                flowHash = consent.FlowHash, queueName = consent.QueueName, helplineNumber = consent.HelplineNumber,
            }, cancellationToken: ct));
        if (id is { } recorded)
        {
            return recorded;
        }

        // The same consent recorded at the same moment by a concurrent statement, committed after this one's snapshot: its
        // request is the one (the latest of the call, should it have ended already).
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select id from callback_requests where call_sid = @callSid order by (status = 'pending') desc, id desc limit 1",
            new { callSid = consent.CallSid }, cancellationToken: ct));
    }

    /// <summary>Throws when the database cannot be reached (a cheap round trip, before a caller starts the dialogue).</summary>
    public async Task PingAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition("select 1", cancellationToken: ct));
    }

    /// <summary>
    /// The clock's part, run by the dispatchers' sweep: requests whose turn has come (<c>not_before</c> passed) start
    /// waiting when <paramref name="lineOpen"/>; requests whose window has passed end as expired (the number erased), in
    /// one statement. Returns the number of requests that started waiting (the dispatchers are woken for them).
    /// </summary>
    public async Task<int> SweepAsync(DateTimeOffset at, bool lineOpen, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "with gone as (update queue_entries set status = 'closed', ended_at = @at " +
            "where kind = 'callback' and status in ('scheduled', 'waiting') and window_to <= @at returning callback_id), " +
            $"ended as (update callback_requests set status = 'expired', {End}, end_detail = 'window' from gone where callback_requests.id = gone.callback_id and status = 'pending' returning 1), " +
            "due as (update queue_entries set status = 'waiting' " +
            "where kind = 'callback' and status = 'scheduled' and @lineOpen and not_before <= @at and window_to > @at returning 1) " +
            "select (select count(*) from due)::int + 0 * (select count(*) from ended)::int + 0 * (select count(*) from (select " + WorkerSql.Notify + " from due limit 1) n)::int",
            new { at = at.UtcDateTime, lineOpen }, cancellationToken: ct));
    }

    /// <summary>The earliest <c>not_before</c> of a scheduled request after <paramref name="now"/> (the dispatcher wakes then), or null.</summary>
    public async Task<DateTimeOffset?> NextTurnAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var next = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "select min(not_before) from queue_entries where kind = 'callback' and status = 'scheduled' and not_before > @now",
            new { now = now.UtcDateTime }, cancellationToken: ct));
        return next is { } value ? Timestamps.FromDatabase(value) : null;
    }

    /// <summary>
    /// Whether the caller of request <paramref name="id"/> is under an active "watch" flag (issue 14) at
    /// <paramref name="at"/>, by the hash of the number she called from or of the number she gave: a flag put after she
    /// asked must still warn the worker who calls her back, as it warns the worker who takes any call of hers.
    /// </summary>
    public async Task<bool> WatchedAsync(int id, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from callback_requests r join caller_flags f on f.caller_hash in (r.caller_hash, r.number_hash) " +
            "where r.id = @id and f.kind = 'watch' and f.status = 'active' and f.expires_at > @at)",
            new { id, at = at.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>
    /// The worker accepted (pressed the key): counts an attempt and returns what dialling needs; null when the request is
    /// no longer pending or its turn is no longer this worker's (cancelled or taken back meanwhile). The window and the
    /// line's hours are checked at this instant, since the whisper may outlast either: past her window, the request ends
    /// as expired (number erased, entry closed); with the line closed inside her window, the request waits again (its
    /// place kept) for the line to reopen. In both cases the worker is freed with no miss and the returned status is not
    /// pending, so nobody is dialled. One transaction.
    /// </summary>
    public async Task<CallbackToDial?> AttemptAsync(int id, int workerId, DateTimeOffset at, bool lineOpen, CancellationToken ct)
    {
        var key = CallbackKeys.For(id);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<DialRow>(new CommandDefinition(
            "select r.id as Id, r.status as Status, r.number_protected as NumberProtected, r.message_allowed as MessageAllowed, r.caller_id as CallerId, q.window_to as WindowTo " +
            "from callback_requests r join queue_entries q on q.callback_id = r.id " +
            "where r.id = @id and r.status = 'pending' and q.worker_id = @workerId and q.status in ('offered', 'picked-up') " +
            "and r.attempt_offer is distinct from q.offers for update",
            new { id, workerId }, transaction, cancellationToken: ct));
        if (current is null)
        {
            await transaction.RollbackAsync(ct);
            return null;
        }

        var windowTo = Timestamps.FromDatabase(current.WindowTo);
        var p = new { id, key, workerId, at = at.UtcDateTime };
        if (windowTo <= at)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"update callback_requests set status = 'expired', {End}, end_detail = 'window' where id = @id; " +
                "update queue_entries set status = 'closed', ended_at = @at where call_sid = @key; " +
                $"update workers set {WorkerSql.Free("@at")} where id = @workerId and current_call_sid = @key; select " + WorkerSql.Notify,
                p, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return new CallbackToDial(current.Id, CallbackStatuses.Expired, null, current.MessageAllowed, current.CallerId, windowTo);
        }

        if (!lineOpen)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update queue_entries set status = 'waiting', worker_id = null, picked_up_at = null where call_sid = @key; " +
                $"update workers set {WorkerSql.Free("@at")} where id = @workerId and current_call_sid = @key; select " + WorkerSql.Notify,
                p, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            return new CallbackToDial(current.Id, current.Status, null, current.MessageAllowed, current.CallerId, windowTo) { LineClosed = true };
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "update callback_requests r set attempts = attempts + 1, attempt_offer = q.offers from queue_entries q where r.id = @id and q.callback_id = r.id",
            p, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return new CallbackToDial(current.Id, current.Status, current.NumberProtected, current.MessageAllowed, current.CallerId, windowTo);
    }

    /// <summary>
    /// The dial to the caller ended (the worker accepted and her number was dialled): reached — the request ends as
    /// reached, its number erased, the entry answered and the worker in wrap-up until <paramref name="wrapUpUntil"/>; not
    /// reached — another attempt at least <paramref name="retry"/> later in her window, keeping her place, or the
    /// request ends as not reached (<paramref name="maxAttempts"/> spent) or expired (no time left); the worker is free
    /// (no miss: they called). One transaction.
    /// </summary>
    public async Task<CallbackAttemptResult> AttemptEndedAsync(
        int id, int workerId, bool reached, int maxAttempts, TimeSpan retry, DateTimeOffset wrapUpUntil, DateTimeOffset at, CancellationToken ct)
    {
        var key = CallbackKeys.For(id);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var state = await connection.QuerySingleOrDefaultAsync<(string Status, int Attempts, DateTime WindowTo)?>(new CommandDefinition(
            "select r.status, r.attempts, q.window_to from callback_requests r join queue_entries q on q.callback_id = r.id " +
            "where r.id = @id and q.worker_id = @workerId and q.status in ('offered', 'picked-up') for update",
            new { id, workerId }, transaction, cancellationToken: ct));
        if (state is not { Status: CallbackStatuses.Pending } s)
        {
            await transaction.RollbackAsync(ct);
            await ReleaseAsync(connection, key, workerId, at, ct);
            return CallbackAttemptResult.NotCurrent;
        }

        var next = at + retry;
        var result = reached ? CallbackAttemptResult.Reached
            : s.Attempts >= maxAttempts ? CallbackAttemptResult.NotReached
            : next >= Timestamps.FromDatabase(s.WindowTo) ? CallbackAttemptResult.Expired
            : CallbackAttemptResult.Retry;
        var p = new { id, key, workerId, at = at.UtcDateTime, until = wrapUpUntil.UtcDateTime, next = next.UtcDateTime };
        var sql = result switch
        {
            CallbackAttemptResult.Reached =>
                $"update callback_requests set status = 'reached', {End} where id = @id; " +
                "update queue_entries set status = 'answered', answered_at = coalesce(picked_up_at, @at), ended_at = @at where call_sid = @key; " +
                "update workers set status = 'wrap-up', status_since = @at, wrap_up_until = @until, current_call_sid = null, calls_answered = calls_answered + 1, missed_in_a_row = 0 " +
                "where id = @workerId and current_call_sid = @key",
            CallbackAttemptResult.Retry =>
                "update queue_entries set status = 'scheduled', not_before = @next, worker_id = null, picked_up_at = null where call_sid = @key; " +
                $"update workers set {WorkerSql.Free("@at")} where id = @workerId and current_call_sid = @key",
            _ =>
                $"update callback_requests set status = @status, {End}, end_detail = 'attempts' where id = @id; " +
                "update queue_entries set status = 'closed', ended_at = @at where call_sid = @key; " +
                $"update workers set {WorkerSql.Free("@at")} where id = @workerId and current_call_sid = @key",
        };
        await connection.ExecuteAsync(new CommandDefinition(sql + "; select " + WorkerSql.Notify,
            new { p.id, p.key, p.workerId, p.at, p.until, p.next, status = result == CallbackAttemptResult.NotReached ? CallbackStatuses.NotReached : CallbackStatuses.Expired },
            transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// The worker's own call ended (its status callback) while their turn with the request was still open: a worker who
    /// never answered, or hung up during the whisper without accepting, missed the offer (<see cref="RoutingStore.DialOutcomeAsync"/>:
    /// the request back at the front, a miss counted); a worker who had dialled her, whose dial outcome was lost, ends the
    /// attempt as not reached. Nothing when the turn was already decided, except that a worker still on-call for a request ended meanwhile (cancelled) is freed. Returns true when it changed anything.
    /// </summary>
    public async Task<bool> WorkerLegEndedAsync(int id, int workerId, int? offerNumber, int maxAttempts, TimeSpan retry, int autoPauseAfter, DateTimeOffset at, CancellationToken ct)
    {
        var key = CallbackKeys.For(id);
        bool? dialled;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            dialled = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
                "select r.attempt_offer is not distinct from q.offers from queue_entries q join callback_requests r on r.id = q.callback_id " +
                "where q.call_sid = @key and q.worker_id = @workerId and q.status in ('offered', 'picked-up') and (@offer::int is null or q.offers = @offer)",
                new { key, workerId, offer = offerNumber }, cancellationToken: ct));
        }

        if (dialled is null)
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await ReleaseAsync(connection, key, workerId, at, ct);
        }

        if (dialled.Value)
        {
            return await AttemptEndedAsync(id, workerId, reached: false, maxAttempts, retry, at, at, ct) != CallbackAttemptResult.NotCurrent;
        }

        return await new RoutingStore(dataSource).DialOutcomeAsync(key, workerId, offerNumber, DialOutcome.NotTaken, autoPauseAfter, at, null, at, ct) == OfferResult.BackInQueue;
    }

    /// <summary>
    /// Frees a worker still held by a request that ended while they were on the phone for it (cancelled during the whisper
    /// or while she was dialled): its turn is closed, so nothing else would ever free them. No miss is counted: the
    /// worker did nothing wrong. True when a worker was freed.
    /// </summary>
    private static async Task<bool> ReleaseAsync(NpgsqlConnection connection, string key, int workerId, DateTimeOffset at, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"with w as (update workers set {WorkerSql.Free("@at")} where id = @workerId and current_call_sid = @key and status in ('ringing', 'on-call') " +
            "and exists (select 1 from queue_entries where call_sid = @key and status = 'closed') returning 1) " +
            "select count(*)::int + 0 * (select count(*) from (select " + WorkerSql.Notify + " from w limit 1) n)::int from w",
            new { key, workerId, at = at.UtcDateTime }, cancellationToken: ct)) > 0;

    /// <summary>
    /// Cancels a pending request (a supervisor's button, or the caller calling again): it ends as cancelled, its number
    /// erased, its turn closed (even while a worker hears the whisper or her phone is dialled: the turn must not come back
    /// as a missed offer), and a worker whose phone was ringing for it is freed with no miss — one statement. A worker
    /// already on the phone for it stays on-call until that call ends (<see cref="WorkerLegEndedAsync"/> or
    /// <see cref="AttemptEndedAsync"/> frees them). False when it was not pending.
    /// </summary>
    public async Task<bool> CancelAsync(int id, string detail, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"with r as (update callback_requests set status = 'cancelled', {End}, end_detail = @detail where id = @id and status = 'pending' returning id), " +
            "q as (update queue_entries set status = 'closed', ended_at = @at from r where queue_entries.callback_id = r.id and queue_entries.status in ('scheduled', 'waiting', 'offered', 'picked-up') " +
            "returning queue_entries.worker_id, queue_entries.call_sid), " +
            $"w as (update workers set {WorkerSql.Free("@at")} from q where workers.id = q.worker_id and workers.current_call_sid = q.call_sid and workers.status = 'ringing' returning 1) " +
            "select (select count(*) from r)::int + 0 * (select count(*) from w)::int",
            new { id, detail, at = at.UtcDateTime }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// The statement that cancels every pending request of a caller (<c>@hash</c>: the keyed hash she calls from, or of the
    /// number she asked to be called on) as <c>@detail</c> at <c>@at</c>, erasing their numbers, closing their turns and
    /// freeing a worker whose phone was ringing for one; it returns how many it cancelled. Run inside the caller's flag
    /// change (a blocked caller is never called back) and by <see cref="CancelAllOfCallerAsync"/> (she cancels by calling again).
    /// </summary>
    internal static string CancelAllOfCallerSql =>
        $"with r as (update callback_requests set status = 'cancelled', {End}, end_detail = @detail where status = 'pending' and (caller_hash = @hash or number_hash = @hash) returning id), " +
        "q as (update queue_entries set status = 'closed', ended_at = @at from r where queue_entries.callback_id = r.id and queue_entries.status in ('scheduled', 'waiting', 'offered', 'picked-up') " +
        "returning queue_entries.worker_id, queue_entries.call_sid), " +
        $"w as (update workers set {WorkerSql.Free("@at")} from q where workers.id = q.worker_id and workers.current_call_sid = q.call_sid and workers.status = 'ringing' returning 1) " +
        "select (select count(*) from r)::int + 0 * (select count(*) from w)::int";

    /// <summary>
    /// Cancels every pending request of a caller recognised by a keyed hash (of the number she calls from, or of a number
    /// she asked to be called on), as <paramref name="detail"/>: she was told her call-back is cancelled, so none may
    /// still call her. One statement (<see cref="CancelAllOfCallerSql"/>); returns how many it cancelled.
    /// </summary>
    public async Task<int> CancelAllOfCallerAsync(string callerHash, string detail, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            CancelAllOfCallerSql, new { hash = callerHash, detail, at = at.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>Every pending request, oldest first: no number, ever.</summary>
    public async Task<IReadOnlyList<PendingCallback>> PendingAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<PendingRow>(new CommandDefinition(
            "select r.id as Id, r.window_name as WindowName, r.window_from as WindowFrom, r.window_to as WindowTo, r.menu_choice as MenuChoice, " +
            "coalesce(q.status, 'scheduled') as QueueStatus, r.attempts as Attempts, r.consented_at as ConsentedAt, r.source as Source " +
            "from callback_requests r left join queue_entries q on q.callback_id = r.id where r.status = 'pending' order by r.id",
            cancellationToken: ct));
        return rows.Select(r => new PendingCallback(r.Id, r.WindowName, Timestamps.FromDatabase(r.WindowFrom), Timestamps.FromDatabase(r.WindowTo), r.MenuChoice, r.QueueStatus,
            r.Attempts, Timestamps.FromDatabase(r.ConsentedAt), r.Source)).ToList();
    }

    /// <summary>The call-back figures of [<paramref name="from"/>, <paramref name="to"/>) (definitions: <see cref="CallbackCounters"/>).</summary>
    public async Task<CallbackCounters> CountersAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<CallbackCounters>(new CommandDefinition(
            "select (count(*) filter (where consented_at >= @from and consented_at < @to))::int as Requested, " +
            "(count(*) filter (where consented_at >= @from and consented_at < @to and attempts > 0))::int as Made, " +
            "(count(*) filter (where ended_at >= @from and ended_at < @to and status = 'reached'))::int as Reached, " +
            "(count(*) filter (where ended_at >= @from and ended_at < @to and status = 'not-reached'))::int as NotReached, " +
            "(count(*) filter (where ended_at >= @from and ended_at < @to and status = 'expired'))::int as Expired, " +
            "(count(*) filter (where ended_at >= @from and ended_at < @to and status = 'cancelled'))::int as Cancelled " +
            "from callback_requests where (consented_at >= @from and consented_at < @to) or (ended_at >= @from and ended_at < @to)",
            new { from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken: ct));
    }

    private sealed record DialRow(int Id, string Status, string? NumberProtected, bool MessageAllowed, string CallerId, DateTime WindowTo);

    private sealed record PendingRow(int Id, string WindowName, DateTime WindowFrom, DateTime WindowTo, string? MenuChoice, string QueueStatus, int Attempts, DateTime ConsentedAt, string Source);
}
