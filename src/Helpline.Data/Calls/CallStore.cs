using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Helpline.Data.Calls;

/// <summary>
/// The calls table and its append-only event log, on the webhook's hot path.
/// </summary>
/// <remarks>
/// <para>
/// Each webhook that applies costs one round trip: one statement whose data-modifying CTEs change the call row and
/// append its events, so the two are atomic without an explicit transaction (which would cost a BEGIN and a COMMIT
/// round trip more). The events are inserted <em>from</em> the CTE that changed the row, so a webhook that changes
/// nothing (a duplicate, a stale step, an ended call) appends nothing either.
/// </para>
/// <para>
/// The row update carries the expected step (<c>where step &lt;= @expected</c>): the row lock serialises a call's concurrent
/// webhooks, and the loser, re-reading the row after the winner commits, finds the step moved and changes nothing. A row
/// behind the webhook (a step lost while the database was unreachable) is caught up rather than left behind. Only
/// on that rare path is the row read back (a second round trip), so the caller can repeat the answer already given.
/// </para>
/// <para>Thread-safe: connections come from the data source's pool. Statements use positional parameters so Npgsql
/// prepares them automatically.</para>
/// </remarks>
/// <param name="dataSource">The service's data source (<see cref="HelplineDataSource.Create"/>).</param>
public sealed partial class CallStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Creates the call, appends its first events and writes its queue entry if the first step queues it, unless the call
    /// exists: then returns it and appends nothing. A call whose end the provider reported before this start was stored
    /// is created already ended (never queued), with those earlier callbacks linked to it.
    /// </summary>
    /// <param name="call">What is known of the call.</param>
    /// <param name="first">Its position after the first webhook (normally step 1), the answer and the events.</param>
    /// <param name="ct">Cancels the statement.</param>
    /// <remarks>Idempotent: the provider retries <c>/voice/incoming</c>, and two concurrent starts of one call create one row.</remarks>
    public async Task<StartResult> StartAsync(NewCall call, CallAdvance first, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(first);
        await using var command = dataSource.CreateCommand(StartSql);
        AddEventParameters(command, call.CallSid, first);
        command.Parameters.Add(Text(call.AccountSid));
        command.Parameters.Add(Text(call.CallerHash));
        command.Parameters.Add(Text(call.CallerNumber));
        command.Parameters.Add(Text(call.CalledNumber));
        command.Parameters.Add(Text(call.FlowName));
        command.Parameters.Add(Text(call.FlowHash));
        command.Parameters.Add(Text(first.State));
        command.Parameters.Add(Integer(first.MenuReplays));
        command.Parameters.Add(Text(first.Outcome));
        command.Parameters.Add(Text(first.Twiml));
        command.Parameters.Add(Timestamps.Parameter(call.StartedAt));
        AddJoinParameters(command, first.Join);
        command.Parameters.Add(Tags(first.Tags));
        command.Parameters.Add(Integer(call.Recall?.WindowSeconds ?? 0));
        command.Parameters.Add(Integer(call.Recall?.ShortCallSeconds ?? 0));
        command.Parameters.Add(Integer(first.Join?.SameWorkerSeconds ?? 0));
        var policy = call.Policy ?? CallerPolicySettings.None;
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = policy.Saturation });
        command.Parameters.Add(Integer(policy.MaxCallsPerHour));
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = policy.ChallengeOverLimit });
        command.Parameters.Add(Text(first.ChallengeTwiml));
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            if (reader.GetInt64(0) == 1)
            {
                return new StartResult(true, null)
                {
                    Policy = new CallerPolicy(
                        reader.IsDBNull(2) ? null : reader.GetString(2),
                        reader.IsDBNull(3) ? null : reader.GetInt64(3),
                        reader.IsDBNull(4) ? 0 : reader.GetInt32(4),
                        !reader.IsDBNull(5) && reader.GetString(5) == "required")
                    {
                        PendingCallbackId = reader.IsDBNull(6) ? null : reader.GetInt32(6),
                    },
                };
            }
        }

        return new StartResult(false, await GetAsync(call.CallSid, ct));
    }

    /// <summary>
    /// Moves the call from <paramref name="expectedStep"/> to <paramref name="next"/>, appends its events and writes its
    /// queue entry (<see cref="CallAdvance.Join"/>), in one statement; changes nothing when the call is unknown or already
    /// past that step; a row behind it (a lost step) is caught up. After the call's end, only a step that
    /// <see cref="CallAdvance.ReportsThePast"/> applies; any other is recorded as an <c>after-end</c> event and changes
    /// nothing (<see cref="AdvanceResult.AfterEnd"/>).
    /// </summary>
    /// <param name="callSid">The call.</param>
    /// <param name="expectedStep">The step the webhook answers (carried in the webhook's URL).</param>
    /// <param name="next">The new position, the answer and the events. A null <see cref="CallAdvance.Outcome"/> keeps the stored one.</param>
    /// <param name="ct">Cancels the statement.</param>
    public async Task<AdvanceResult> AdvanceAsync(string callSid, int expectedStep, CallAdvance next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(callSid);
        ArgumentNullException.ThrowIfNull(next);
        await using var command = dataSource.CreateCommand(AdvanceSql);
        AddEventParameters(command, callSid, next);
        command.Parameters.Add(Text(next.State));
        command.Parameters.Add(Integer(next.MenuReplays));
        command.Parameters.Add(Text(next.Outcome));
        command.Parameters.Add(Text(next.Twiml));
        command.Parameters.Add(Integer(expectedStep));
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = next.ReportsThePast });
        AddJoinParameters(command, next.Join);
        command.Parameters.Add(Text(next.Leave));
        command.Parameters.Add(Tags(next.Tags));
        command.Parameters.Add(Integer(next.Join?.SameWorkerSeconds ?? 0));
        command.Parameters.Add(Text(next.ChallengeTwiml));
        command.Parameters.Add(Text(next.ChallengeAnswer));
        long result;
        bool challenged;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (result, challenged) = (reader.GetInt64(0), reader.GetBoolean(3)); // 1: applied; 2: after the call's end, recorded only; 0: nothing
        }

        return result == 1 ? new AdvanceResult(true, null) { Challenged = challenged } : new AdvanceResult(false, await GetAsync(callSid, ct), AfterEnd: result == 2);
    }

    /// <summary>Closes the call for the provider's status callback, and logs the callback in the same statement.</summary>
    /// <param name="completion">The final status.</param>
    /// <param name="ct">Cancels the statement.</param>
    /// <remarks>
    /// The first completion sets <c>ended_at</c>, the provider's status and duration, and an outcome if the flow decided
    /// none: <c>abandoned</c>, or <c>abandoned-in-queue</c> for a caller who hung up while <c>queued</c>. A repeated or
    /// out-of-order callback changes nothing on the row and is logged as <c>status-duplicate</c>; a callback for a call
    /// we never saw is logged as <c>status</c> with no call row (a later start links it). In the same statement, a caller
    /// still waiting or being offered leaves the queue as abandoned and a worker whose phone rang for them is freed.
    /// </remarks>
    public async Task<CompletionResult> CompleteAsync(CallCompletion completion, CancellationToken ct) =>
        (await CloseAsync(completion, ct)).Result;

    /// <summary>
    /// <see cref="CompleteAsync"/>, also saying the outcome the row holds once closed by this statement (null when it
    /// was not this statement that closed it): what the service's <c>helpline.calls.ended</c> counter is labelled with.
    /// </summary>
    /// <param name="completion">The final status.</param>
    /// <param name="ct">Cancels the statement.</param>
    public async Task<(CompletionResult Result, string? Outcome)> CloseAsync(CallCompletion completion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(completion);
        await using var command = dataSource.CreateCommand(CompleteSql);
        command.Parameters.Add(Text(completion.CallSid));
        command.Parameters.Add(Timestamps.Parameter(completion.At));
        command.Parameters.Add(Text(completion.ProviderStatus));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)completion.DurationSeconds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(Json(completion.DetailJson));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (closed, known) = (reader.GetBoolean(0), reader.GetBoolean(1));
        var outcome = reader.IsDBNull(3) ? null : reader.GetString(3);
        return (closed ? CompletionResult.Closed : known ? CompletionResult.AlreadyClosed : CompletionResult.Unknown, closed ? outcome : null);
    }

    /// <summary>Appends one event to a call's log, outside any step (e.g. an intermediate status callback).</summary>
    /// <param name="callSid">The call; when unknown, the event is kept with no call row.</param>
    /// <param name="e">The event.</param>
    /// <param name="at">When it happened.</param>
    /// <param name="ct">Cancels the statement.</param>
    public async Task AppendEventAsync(string callSid, CallEventRecord e, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(callSid);
        ArgumentNullException.ThrowIfNull(e);
        await using var command = dataSource.CreateCommand(AppendEventSql);
        command.Parameters.Add(Text(callSid));
        command.Parameters.Add(Timestamps.Parameter(at));
        command.Parameters.Add(Text(e.Kind));
        command.Parameters.Add(Text(e.FromState));
        command.Parameters.Add(Text(e.ToState));
        command.Parameters.Add(Text(e.Trigger));
        command.Parameters.Add(Json(e.DetailJson));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The call as stored, or null when unknown.</summary>
    /// <param name="callSid">The call.</param>
    /// <param name="ct">Cancels the query.</param>
    public async Task<CallSnapshot?> GetAsync(string callSid, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<CallRow>(new CommandDefinition(SelectCallSql, new { callSid }, cancellationToken: ct));
        return row?.ToSnapshot();
    }

    /// <summary>The call's events in the order they were appended (empty when none).</summary>
    /// <param name="callSid">The call; events logged for an unknown call (status callbacks) are found too.</param>
    /// <param name="ct">Cancels the query.</param>
    public async Task<IReadOnlyList<StoredCallEvent>> GetEventsAsync(string callSid, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(SelectEventsSql, new { callSid }, cancellationToken: ct));
        return rows.Select(r => r.ToEvent()).ToList();
    }

    /// <summary>Adds the queue-join parameters (queue name, menu choice) of a step's statement.</summary>
    private static void AddJoinParameters(NpgsqlCommand command, QueueJoin? join)
    {
        command.Parameters.Add(Text(join?.QueueName));
        command.Parameters.Add(Text(join?.MenuChoice));
    }

    private static async Task<long> CountAsync(NpgsqlCommand command, CancellationToken ct) => (long)(await command.ExecuteScalarAsync(ct))!;
}
