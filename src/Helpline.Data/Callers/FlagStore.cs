using System.Text.Json;
using Dapper;
using Npgsql;

namespace Helpline.Data.Callers;

/// <summary>
/// Flags on callers, by the keyed hash of their number taken from one of their calls: nobody types or sees a number.
/// One active flag per caller (a new one replaces it); every change is written to <c>caller_flag_events</c> in the same
/// transaction, for the audit.
/// </summary>
public sealed class FlagStore(NpgsqlDataSource dataSource)
{
    /// <summary>Raises a flag on the caller of <see cref="FlagRequest.CallSid"/>; returns the outcome and the flag's id when stored.</summary>
    public async Task<(FlagOutcome Outcome, long? Id)> RaiseAsync(FlagRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var call = await connection.QuerySingleOrDefaultAsync<(string Sid, string? Hash, int? Worker)?>(new CommandDefinition(
            "select c.call_sid, c.caller_hash, q.worker_id from calls c left join queue_entries q on q.call_sid = c.call_sid and q.status = 'answered' where c.call_sid = @callSid",
            new { request.CallSid }, transaction, cancellationToken: ct));
        if (call is null)
        {
            return (FlagOutcome.UnknownCall, null);
        }

        if (request.AnsweredBy is { } worker && call.Value.Worker != worker)
        {
            return (FlagOutcome.NotHerCall, null);
        }

        if (call.Value.Hash is not { } hash)
        {
            return (FlagOutcome.Withheld, null);
        }

        var at = request.At.UtcDateTime;
        await LockCallerAsync(connection, transaction, hash, ct);
        if (request.Status == CallerFlagStatuses.Active)
        {
            // A new active flag replaces the caller's current one.
            var replaced = await connection.QueryAsync<long>(new CommandDefinition(
                "update caller_flags set status = 'lifted', decided_by = @By, decided_at = @at where caller_hash = @hash and status = 'active' returning id",
                new { request.By, at, hash }, transaction, cancellationToken: ct));
            foreach (var old in replaced)
            {
                await EventAsync(connection, transaction, old, request.At, request.By, "lifted", new { replacedBy = "new flag" }, ct);
            }
        }

        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into caller_flags (caller_hash, kind, reason, note, status, call_sid, created_by, created_at, expires_at, review_at) " +
            "values (@hash, @Kind, @Reason, @Note, @Status, @CallSid, @By, @at, @expires, @review) returning id",
            new { hash, request.Kind, request.Reason, request.Note, request.Status, request.CallSid, request.By, at, expires = request.ExpiresAt.UtcDateTime, review = request.ReviewAt.UtcDateTime },
            transaction, cancellationToken: ct));
        await EventAsync(connection, transaction, id, request.At, request.By, request.Status == CallerFlagStatuses.Active ? "raised" : "proposed",
            new { request.Kind, request.Reason, expiresAt = request.ExpiresAt, reviewAt = request.ReviewAt }, ct);
        if (request.Status == CallerFlagStatuses.Active && request.Kind == FlagKinds.Blocked)
        {
            await CancelCallbacksAsync(connection, transaction, hash, id, request.At, ct);
        }

        await transaction.CommitAsync(ct);
        return (FlagOutcome.Stored, id);
    }

    /// <summary>
    /// A supervisor's decision on a flag: <c>confirmed</c> (a proposal becomes active, as <paramref name="kind"/>, replacing
    /// the caller's current flag), <c>rejected</c> (a proposal is dropped) or <c>lifted</c> (an active flag stops). False
    /// when the flag is not in a state that decision applies to.
    /// </summary>
    public async Task<bool> DecideAsync(long id, string decision, string? kind, string by, DateTimeOffset at, CancellationToken ct)
    {
        var (from, to) = decision switch
        {
            "confirmed" => (CallerFlagStatuses.Proposed, CallerFlagStatuses.Active),
            "rejected" => (CallerFlagStatuses.Proposed, CallerFlagStatuses.Rejected),
            "lifted" => (CallerFlagStatuses.Active, CallerFlagStatuses.Lifted),
            _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "confirmed, rejected or lifted"),
        };
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var hash = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select caller_hash from caller_flags where id = @id and status = @from for update", new { id, from }, transaction, cancellationToken: ct));
        if (hash is null)
        {
            return false;
        }

        await LockCallerAsync(connection, transaction, hash, ct);
        if (to == CallerFlagStatuses.Active)
        {
            var replaced = await connection.QueryAsync<long>(new CommandDefinition(
                "update caller_flags set status = 'lifted', decided_by = @by, decided_at = @at where caller_hash = @hash and status = 'active' returning id",
                new { by, at = at.UtcDateTime, hash }, transaction, cancellationToken: ct));
            foreach (var old in replaced)
            {
                await EventAsync(connection, transaction, old, at, by, "lifted", new { replacedBy = id }, ct);
            }
        }

        // A confirmed proposal lives as long as it was meant to from its confirmation, not from the worker's report: a
        // report confirmed weeks later must not be born expired.
        var finalKind = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "update caller_flags set status = @to, kind = coalesce(@kind, kind), decided_by = @by, decided_at = @at, " +
            "expires_at = case when @to = 'active' then @at + (expires_at - created_at) else expires_at end, " +
            "review_at = case when @to = 'active' then @at + (review_at - created_at) else review_at end where id = @id returning kind",
            new { id, to, kind, by, at = at.UtcDateTime }, transaction, cancellationToken: ct));
        await EventAsync(connection, transaction, id, at, by, decision, new { kind }, ct);
        if (to == CallerFlagStatuses.Active && finalKind == FlagKinds.Blocked)
        {
            await CancelCallbacksAsync(connection, transaction, hash, id, at, ct);
        }
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Lifts the active flag of the caller of <paramref name="callSid"/>; false when she has none (or the call is unknown).</summary>
    public async Task<bool> LiftForCallAsync(string callSid, string by, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select f.id from caller_flags f join calls c on c.caller_hash = f.caller_hash where c.call_sid = @callSid and f.status = 'active'",
            new { callSid }, cancellationToken: ct));
        return id is { } flag && await DecideAsync(flag, "lifted", null, by, at, ct);
    }

    /// <summary>The flags that are proposed, or active and not expired at <paramref name="now"/>, newest first, with the calls each blocked.</summary>
    public async Task<IReadOnlyList<CallerFlag>> CurrentAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "select f.id, f.kind, f.reason, f.note, f.status, f.created_by, f.created_at, f.expires_at, f.review_at, f.decided_by, f.decided_at, " +
            "(select count(*) from calls c where c.flag_id = f.id and c.outcome = 'blocked')::int as blocked_calls " +
            "from caller_flags f where f.status = 'proposed' or (f.status = 'active' and f.expires_at > @now) order by f.created_at desc, f.id desc",
            new { now = now.UtcDateTime }, cancellationToken: ct));
        return rows.Select(r => r.ToFlag()).ToList();
    }

    /// <summary>One flag, whatever its state, or null.</summary>
    public async Task<CallerFlag?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "select f.id, f.kind, f.reason, f.note, f.status, f.created_by, f.created_at, f.expires_at, f.review_at, f.decided_by, f.decided_at, " +
            "(select count(*) from calls c where c.flag_id = f.id and c.outcome = 'blocked')::int as blocked_calls from caller_flags f where f.id = @id",
            new { id }, cancellationToken: ct));
        return row?.ToFlag();
    }

    /// <summary>The <paramref name="limit"/> latest calls started before <paramref name="now"/>, newest first, with whether each caller can be flagged.</summary>
    public async Task<IReadOnlyList<FlaggableCall>> RecentCallsAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(long Id, DateTime Started, string? Choice, string? Outcome, bool Withheld, string? Kind)>(new CommandDefinition(
            "select c.id, c.started_at, q.menu_choice, c.outcome, c.caller_hash is null, " +
            "(select f.kind from caller_flags f where f.caller_hash = c.caller_hash and f.status = 'active' and f.expires_at > @now) " +
            "from calls c left join queue_entries q on q.call_sid = c.call_sid where c.started_at <= @now order by c.started_at desc, c.id desc limit @limit",
            new { now = now.UtcDateTime, limit }, cancellationToken: ct));
        return rows.Select(r => new FlaggableCall(r.Id, Timestamps.FromDatabase(r.Started), r.Choice, r.Outcome, r.Withheld, r.Kind)).ToList();
    }

    /// <summary>The CallSid of the call whose row number is <paramref name="id"/> (<c>calls.id</c>), or null.</summary>
    public async Task<string?> CallSidOfAsync(long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition("select call_sid from calls where id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>Calls that started in [<paramref name="from"/>, <paramref name="to"/>) and were ended by a <c>blocked</c> flag.</summary>
    public async Task<int> BlockedCallsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*)::int from calls where outcome = 'blocked' and started_at >= @from and started_at < @to",
            new { from = from.UtcDateTime, to = to.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>A flag's changes, oldest first, as (when, who, what).</summary>
    public async Task<IReadOnlyList<(DateTimeOffset At, string Actor, string Action)>> HistoryAsync(long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(DateTime At, string Actor, string Action)>(new CommandDefinition(
            "select at, actor, action from caller_flag_events where flag_id = @id order by id", new { id }, cancellationToken: ct));
        return rows.Select(r => (Timestamps.FromDatabase(r.At), r.Actor, r.Action)).ToList();
    }

    /// <summary>
    /// Serialises the flag changes of one caller (two supervisors flagging her at once): the second waits for the first,
    /// then replaces its flag, instead of breaking the one-active-flag index.
    /// </summary>
    private static Task LockCallerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string hash, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtextextended('caller-flag:' || @hash, 0))", new { hash }, transaction, cancellationToken: ct));

    /// <summary>A blocked caller is never called back: her pending call-back requests end as cancelled, their numbers erased.</summary>
    private static async Task CancelCallbacksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string hash, long flag, DateTimeOffset at, CancellationToken ct)
    {
        var cancelled = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            Callbacks.CallbackStore.CancelAllOfCallerSql, new { hash, at = at.UtcDateTime, detail = "caller blocked" }, transaction, cancellationToken: ct));
        if (cancelled > 0)
        {
            await EventAsync(connection, transaction, flag, at, "line", "call-backs-cancelled", new { count = cancelled }, ct);
        }
    }

    private static Task EventAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long flag, DateTimeOffset at, string actor, string action, object detail, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "insert into caller_flag_events (flag_id, at, actor, action, detail) values (@flag, @at, @actor, @action, @detail::jsonb)",
            new { flag, at = at.UtcDateTime, actor, action, detail = JsonSerializer.Serialize(detail) }, transaction, cancellationToken: ct));

    private sealed record Row(
        long Id, string Kind, string Reason, string? Note, string Status, string Created_By, DateTime Created_At, DateTime Expires_At, DateTime Review_At,
        string? Decided_By, DateTime? Decided_At, int Blocked_Calls)
    {
        public CallerFlag ToFlag() => new(Id, Kind, Reason, Note, Status, Created_By, Timestamps.FromDatabase(Created_At), Timestamps.FromDatabase(Expires_At),
            Timestamps.FromDatabase(Review_At), Decided_By, Timestamps.FromDatabase(Decided_At), Blocked_Calls);
    }
}
