using Npgsql;
using NpgsqlTypes;

namespace Helpline.Data.Calls;

// The statements of CallStore, their parameters and the rows they read.
public sealed partial class CallStore
{
    // Statements that append a step's events share $1..$8: call sid, time, step, then one array per event column.
    // The events come in as parallel arrays and leave unnest() in array order (with ordinality), so one statement
    // carries any number of events and their ids keep the order the flow produced them in.
    private const string InsertStepEvents =
        "e as (insert into call_events (call_id, call_sid, at, kind, step, from_state, to_state, trigger, detail) " +
        "select c.id, $1, $2, ev.kind, $3, ev.from_state, ev.to_state, ev.trigger, ev.detail " +
        "from c cross join unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[]) with ordinality as ev(kind, from_state, to_state, trigger, detail, n) " +
        "order by ev.n returning 1) ";

    // ON CONFLICT DO NOTHING returns no row for a call that exists, so its events are not inserted either; a concurrent
    // start of the same call waits for the first to commit, then does nothing.
    private const string StartSql =
        "with c as (insert into calls (call_sid, account_sid, caller_hash, caller_number, called_number, flow_name, flow_hash, " +
        "state, step, attempt, outcome, last_twiml, started_at, updated_at) " +
        "values ($1, $9, $10, $11, $12, $13, $14, $15, $3, $16, $17, $18, $19, $2) on conflict (call_sid) do nothing returning id), " +
        InsertStepEvents +
        "select count(*) from c";

    // A concurrent webhook of the same call blocks on the row lock, then re-checks the WHERE clause against the committed
    // row (READ COMMITTED): the step has moved, so it updates nothing and appends nothing. A call already closed by the
    // status callback still takes its step (a transfer's or a social worker's outcome that arrived after it): the
    // outcome would otherwise stay "abandoned" for a caller who was in fact answered. ended_at is left as it is.
    // "step <= expected", not "=": a row *behind* the webhook missed a step (the database was down or too slow when it
    // came; the caller got the flow's answer anyway, since the position travels in our URLs), so this step catches it
    // up instead of repeating an older answer — which would send the caller back to a menu they had already left.
    private const string AdvanceSql =
        "with c as (update calls set state = $9, step = $3, attempt = $10, outcome = coalesce($11, outcome), last_twiml = $12, updated_at = $2 " +
        "where call_sid = $1 and step <= $13 returning id), " +
        InsertStepEvents +
        "select count(*) from c";

    // k finds the call (to link the event even when the row does not change), c closes it if still open; the event's kind
    // says which. Outcome: the flow's own wins; a call the flow never routed was abandoned (in the queue, if queued).
    private const string CompleteSql =
        "with k as (select id from calls where call_sid = $1), " +
        "c as (update calls set ended_at = $2, provider_status = $3, duration_seconds = $4, updated_at = $2, " +
        "outcome = case when outcome is null then 'abandoned' when outcome = 'queued' then 'abandoned-in-queue' else outcome end " +
        "where call_sid = $1 and ended_at is null returning id), " +
        "e as (insert into call_events (call_id, call_sid, at, kind, trigger, detail) " +
        "select (select id from k), $1, $2, case when exists (select 1 from k) and not exists (select 1 from c) then 'status-duplicate' else 'status' end, $3, $5 " +
        "returning 1) " +
        "select exists (select 1 from c), exists (select 1 from k)";

    private const string AppendEventSql =
        "insert into call_events (call_id, call_sid, at, kind, step, from_state, to_state, trigger, detail) " +
        "select (select id from calls where call_sid = $1), $1, $2, $3, null, $4, $5, $6, $7";

    private const string SelectCallSql =
        "select id, call_sid as CallSid, flow_name as FlowName, flow_hash as FlowHash, state, step, attempt, outcome, last_twiml as LastTwiml, " +
        "started_at as StartedAt, updated_at as UpdatedAt, ended_at as EndedAt, provider_status as ProviderStatus, " +
        "duration_seconds as DurationSeconds, caller_hash as CallerHash, caller_number as CallerNumber " +
        "from calls where call_sid = @callSid";

    private const string SelectEventsSql =
        "select id, at, kind, step, from_state as FromState, to_state as ToState, trigger, detail::text as DetailJson " +
        "from call_events where call_sid = @callSid order by id";

    /// <summary>Adds $1..$8 of <see cref="InsertStepEvents"/>.</summary>
    private static void AddEventParameters(NpgsqlCommand command, string callSid, CallAdvance advance)
    {
        ArgumentNullException.ThrowIfNull(advance.Events);
        command.Parameters.Add(Text(callSid));
        command.Parameters.Add(Timestamps.Parameter(advance.At));
        command.Parameters.Add(Integer(advance.Step));
        command.Parameters.Add(Array(advance.Events, e => e.Kind, NpgsqlDbType.Text));
        command.Parameters.Add(Array(advance.Events, e => e.FromState, NpgsqlDbType.Text));
        command.Parameters.Add(Array(advance.Events, e => e.ToState, NpgsqlDbType.Text));
        command.Parameters.Add(Array(advance.Events, e => e.Trigger, NpgsqlDbType.Text));
        command.Parameters.Add(Array(advance.Events, e => e.DetailJson, NpgsqlDbType.Jsonb));
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Json(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static NpgsqlParameter<int> Integer(int value) => new() { TypedValue = value };

    private static NpgsqlParameter Array(IReadOnlyList<CallEventRecord> events, Func<CallEventRecord, string?> column, NpgsqlDbType type) =>
        new() { Value = events.Select(column).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };

    /// <summary>A <c>calls</c> row as Dapper reads it: Npgsql hands <c>timestamptz</c> over as UTC <see cref="DateTime"/>.</summary>
    private sealed record CallRow(
        long Id, string CallSid, string FlowName, string FlowHash, string State, int Step, int Attempt, string? Outcome, string? LastTwiml,
        DateTime StartedAt, DateTime UpdatedAt, DateTime? EndedAt, string? ProviderStatus, int? DurationSeconds, string? CallerHash, string? CallerNumber)
    {
        public CallSnapshot ToSnapshot() => new(
            Id, CallSid, FlowName, FlowHash, State, Step, Attempt, Outcome, LastTwiml,
            Timestamps.FromDatabase(StartedAt), Timestamps.FromDatabase(UpdatedAt), Timestamps.FromDatabase(EndedAt),
            ProviderStatus, DurationSeconds, CallerHash, CallerNumber);
    }

    /// <summary>A <c>call_events</c> row as Dapper reads it.</summary>
    private sealed record EventRow(long Id, DateTime At, string Kind, int? Step, string? FromState, string? ToState, string? Trigger, string? DetailJson)
    {
        public StoredCallEvent ToEvent() => new(Id, Timestamps.FromDatabase(At), Kind, Step, FromState, ToState, Trigger, DetailJson);
    }
}
