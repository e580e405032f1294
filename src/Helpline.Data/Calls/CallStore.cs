using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Helpline.Data.Calls;

/// <summary>
/// The calls table and its event log, on the webhook's hot path. Each webhook that applies costs one round trip: one
/// statement whose data-modifying CTEs change the call row and append its events atomically. The row update carries the
/// expected step (<c>where step = @expected</c>), so the row lock serialises a call's concurrent webhooks and a repeated
/// webhook, finding the step already moved, changes nothing; only then is the row read (a second round trip, rare).
/// </summary>
/// <remarks>Thread-safe (connections come from the data source's pool).</remarks>
public sealed class CallStore(NpgsqlDataSource dataSource)
{
    private const string EventColumns = "call_id, call_sid, at, kind, step, from_state, to_state, trigger, detail";

    private const string EventsFromArrays =
        "select c.id, $1, $2, e.kind, $3, e.from_state, e.to_state, e.trigger, e.detail::jsonb " +
        "from c, unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) as e(kind, from_state, to_state, trigger, detail)";

    private const string StartSql =
        "with c as (insert into calls (call_sid, account_sid, caller_hash, caller_number, called_number, flow_name, flow_hash, state, step, attempt, outcome, last_twiml, started_at, updated_at) " +
        "values ($1, $9, $10, $11, $12, $13, $14, $15, $3, $16, $17, $18, $2, $2) on conflict (call_sid) do nothing returning id), " +
        "e as (insert into call_events (" + EventColumns + ") " + EventsFromArrays + " returning 1) " +
        "select count(*) from c";

    private const string AdvanceSql =
        "with c as (update calls set state = $9, step = $3, attempt = $10, outcome = coalesce($11, outcome), last_twiml = $12, updated_at = $2 " +
        "where call_sid = $1 and step = $13 returning id), " +
        "e as (insert into call_events (" + EventColumns + ") " + EventsFromArrays + " returning 1) " +
        "select count(*) from c";

    private const string CompleteSql =
        "with k as (select id from calls where call_sid = $1), " +
        "c as (update calls set ended_at = $2, provider_status = $3, duration_seconds = $4, updated_at = $2, " +
        "outcome = case when outcome is null then 'abandoned' when outcome = 'queued' then 'abandoned-in-queue' else outcome end " +
        "where call_sid = $1 and ended_at is null returning id), " +
        "e as (insert into call_events (call_id, call_sid, at, kind, trigger, detail) " +
        "select (select id from k), $1, $2, case when exists (select 1 from c) then 'status' else 'status-duplicate' end, $3, $5::jsonb returning 1) " +
        "select (select count(*) from c), (select count(*) from k)";

    private const string SnapshotColumns =
        "id, call_sid, flow_name, flow_hash, state, step, attempt, outcome, last_twiml, started_at, updated_at, ended_at, provider_status, duration_seconds, caller_hash, caller_number";

    /// <summary>Creates the call and appends its first events, unless the call exists (then returns it).</summary>
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
        command.Parameters.Add(new NpgsqlParameter<int> { Value = first.Attempt });
        command.Parameters.Add(Text(first.Outcome));
        command.Parameters.Add(Text(first.Twiml));
        var created = (long)(await command.ExecuteScalarAsync(ct))! == 1;
        return created ? new StartResult(true, null) : new StartResult(false, await GetAsync(call.CallSid, ct));
    }

    /// <summary>Moves the call from <paramref name="expectedStep"/> to <paramref name="next"/> and appends its events; nothing changes when the call is no longer at that step.</summary>
    public async Task<AdvanceResult> AdvanceAsync(string callSid, int expectedStep, CallAdvance next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(next);
        await using var command = dataSource.CreateCommand(AdvanceSql);
        AddEventParameters(command, callSid, next);
        command.Parameters.Add(Text(next.State));
        command.Parameters.Add(new NpgsqlParameter<int> { Value = next.Attempt });
        command.Parameters.Add(Text(next.Outcome));
        command.Parameters.Add(Text(next.Twiml));
        command.Parameters.Add(new NpgsqlParameter<int> { Value = expectedStep });
        var applied = (long)(await command.ExecuteScalarAsync(ct))! == 1;
        return applied ? new AdvanceResult(true, null) : new AdvanceResult(false, await GetAsync(callSid, ct));
    }

    /// <summary>Closes the call for the provider's status callback; a repeated callback only adds to the log.</summary>
    public async Task<CompletionResult> CompleteAsync(CallCompletion completion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(completion);
        await using var command = dataSource.CreateCommand(CompleteSql);
        command.Parameters.Add(Text(completion.CallSid));
        command.Parameters.Add(Instant(completion.At));
        command.Parameters.Add(Text(completion.ProviderStatus));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)completion.DurationSeconds ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(Text(completion.DetailJson));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (closed, known) = (reader.GetInt64(0), reader.GetInt64(1));
        return closed == 1 ? CompletionResult.Closed : known == 1 ? CompletionResult.AlreadyClosed : CompletionResult.Unknown;
    }

    /// <summary>Appends one event to a call's log (the call may be unknown: the event is kept with no call row).</summary>
    public async Task AppendEventAsync(string callSid, CallEventRecord e, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        await using var command = dataSource.CreateCommand(
            "insert into call_events (" + EventColumns + ") select (select id from calls where call_sid = $1), $1, $2, $3, null, $4, $5, $6, $7::jsonb");
        command.Parameters.Add(Text(callSid));
        command.Parameters.Add(Instant(at));
        command.Parameters.Add(Text(e.Kind));
        command.Parameters.Add(Text(e.FromState));
        command.Parameters.Add(Text(e.ToState));
        command.Parameters.Add(Text(e.Trigger));
        command.Parameters.Add(Text(e.DetailJson));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The call, or null.</summary>
    public async Task<CallSnapshot?> GetAsync(string callSid, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<CallRow>(new CommandDefinition(
            $"select {SnapshotColumns} from calls where call_sid = @callSid", new { callSid }, cancellationToken: ct));
        return row?.ToSnapshot();
    }

    /// <summary>The call's events in order.</summary>
    public async Task<IReadOnlyList<StoredCallEvent>> GetEventsAsync(string callSid, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            "select id, at, kind, step, from_state, to_state, trigger, detail::text as detail from call_events where call_sid = @callSid order by id", new { callSid }, cancellationToken: ct));
        return rows.Select(r => new StoredCallEvent(r.Id, Utc(r.At), r.Kind, r.Step, r.From_State, r.To_State, r.Trigger, r.Detail)).ToList();
    }

    /// <summary>Parameters $1..$8 shared by the statements that append events: sid, at, step, then the event columns as arrays.</summary>
    private static void AddEventParameters(NpgsqlCommand command, string callSid, CallAdvance advance)
    {
        command.Parameters.Add(Text(callSid));
        command.Parameters.Add(Instant(advance.At));
        command.Parameters.Add(new NpgsqlParameter<int> { Value = advance.Step });
        command.Parameters.Add(TextArray(advance.Events.Select(e => (string?)e.Kind)));
        command.Parameters.Add(TextArray(advance.Events.Select(e => e.FromState)));
        command.Parameters.Add(TextArray(advance.Events.Select(e => e.ToState)));
        command.Parameters.Add(TextArray(advance.Events.Select(e => e.Trigger)));
        command.Parameters.Add(TextArray(advance.Events.Select(e => e.DetailJson)));
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter TextArray(IEnumerable<string?> values) => new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    /// <summary>PostgreSQL keeps instants in UTC; Npgsql only writes DateTimeOffset values with a zero offset.</summary>
    internal static NpgsqlParameter Instant(DateTimeOffset at) => new() { Value = at.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz };

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record CallRow(
        long Id, string Call_Sid, string Flow_Name, string Flow_Hash, string State, int Step, int Attempt, string? Outcome, string? Last_Twiml,
        DateTime Started_At, DateTime Updated_At, DateTime? Ended_At, string? Provider_Status, int? Duration_Seconds, string? Caller_Hash, string? Caller_Number)
    {
        public CallSnapshot ToSnapshot() => new(Id, Call_Sid, Flow_Name, Flow_Hash, State, Step, Attempt, Outcome, Last_Twiml, Utc(Started_At), Utc(Updated_At),
            Ended_At is { } ended ? Utc(ended) : null, Provider_Status, Duration_Seconds, Caller_Hash, Caller_Number);
    }

    private sealed record EventRow(long Id, DateTime At, string Kind, int? Step, string? From_State, string? To_State, string? Trigger, string? Detail);
}
