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

    // The one terminal status of a call that was reported before its start was stored (a start kept in the journal, or
    // a provider that called back out of order): such callbacks are logged with no call row (see CompleteSql).
    private const string TerminalStatuses = "('completed', 'busy', 'failed', 'no-answer', 'canceled')";

    // A step's queue entry ($qname, $choice) is written by the statement of the step itself, only for a call still in
    // progress, and wakes the dispatchers in the same commit.
    // Its class and reservation come from the call row (c: its tags, the worker a recalling caller spoke to), as
    // Core's QueueOrder says (Routing.QueueOrderSql).
    // A caller who must pass the keypad challenge is kept out only when the step answered with it ($challengeTwiml not
    // null): a step written later from the journal answered without it (the database was down), and she was queued.
    // An entry already there was put in by a hold poll that healed a lost join (RoutingStore.JoinQueueAsync) before this
    // step came back from the journal, knowing nothing then of the call: while she still waits, the step completes it
    // (RoutingStore.CompleteJoin) — her menu choice, the class of her tags, the worker she spoke to — never moving her back.
    // A step that also takes her out of a queue ($leave: an overflow into another queue state) does not join: her entry is
    // being ended by the same statement, and PostgreSQL refuses to change one row twice in a statement.
    private static string JoinQueue(string queueName, string menuChoice, string sameWorkerSeconds, string challengeTwiml, string leave = "null") =>
        $"q as (insert into queue_entries (call_sid, queue_name, menu_choice, joined_at, priority_at, {Routing.QueueOrderSql.JoinColumns}) " +
        $"select $1, {queueName}, {menuChoice}, $2, $2, {Routing.QueueOrderSql.JoinValues("c", "$2", sameWorkerSeconds)} from c " +
        $"where {queueName} is not null and {leave}::text is null and c.ended_at is null and (c.challenge is null or c.challenge = 'passed' or {challengeTwiml}::text is null) " +
        $"on conflict (call_sid) do update set {Routing.QueueOrderSql.CompleteJoin} returning 1) ";

    // The dispatchers are woken only when a worker is available to take the caller: NOTIFY serialises the commits of the
    // transactions that send it (a global lock at commit), and with nobody available there is nothing to dispatch — a
    // worker who becomes available sends their own NOTIFY, and the dispatchers' periodic sweep catches the rare race.
    private const string NotifyJoined =
        "(select count(*) from (select " + Routing.WorkerSql.Notify + " from q where exists (select 1 from workers where active and status = 'available')) n)";

    // ON CONFLICT DO NOTHING returns no row for a call that exists, so its events are not inserted either; a concurrent
    // start of the same call waits for the first to commit, then does nothing. A call whose end was reported before its
    // start (o) is created already ended, its earlier callbacks are linked to it (l), and it is never queued.
    // p/r: the caller's latest earlier call, found by her keyed hash ($10; never a withheld caller: no hash), and whether
    // it was cut off recently — Core's RecallRule, carried out here so the recall is known in the call's own round trip:
    // ended within $23 seconds, abandoned in the queue (waiting, ringing, whisper) or a conversation shorter than $24 s,
    // or itself a recall that never reached the queue (cut off again in the menu: it passes its recall on). A recall cut
    // off again without a conversation (menu or queue) passes on the worker it was kept for.
    // A recall is tagged (first) and keeps the worker she spoke to for her queue join. Of calls that ended at the same
    // instant (a fake clock in tests, or one timestamp), the one created last is her latest: without it the pick among
    // ties depended on the plan.
    private static readonly string StartSql =
        "with o as (select min(at) as ended_at, (array_agg(trigger order by at))[1] as status from call_events " +
        $"where call_sid = $1 and call_id is null and kind = 'status' and trigger in {TerminalStatuses}), " +
        "p as (select q.status as queue_status, q.worker_id, q.answered_at, q.ended_at as queue_ended_at, " +
        $"'{Core.Flows.CallTags.Recall}' = any(k.tags) as was_recall, k.recall_worker_id from calls k " +
        "left join queue_entries q on q.call_sid = k.call_sid " +
        "where $10::text is not null and $23 > 0 and k.caller_hash = $10 and k.call_sid <> $1 and k.ended_at is not null " +
        "and k.ended_at <= $2 and k.ended_at >= $2 - make_interval(secs => $23) order by k.ended_at desc, k.id desc limit 1), " +
        "r as (select case when p.queue_status = 'answered' then p.worker_id else p.recall_worker_id end as worker_id from p " +
        "where p.queue_status = 'abandoned' or (p.queue_status = 'answered' and p.queue_ended_at - p.answered_at < make_interval(secs => $24)) " +
        "or (p.queue_status is null and p.was_recall)), " +
        // f: her active flag, if any; h: her calls of the last hour before this one (the rate limit); ch: whether she must
        // pass the keypad challenge before being queued — saturation mode ($26; never a recall: she was cut off) or over
        // the hourly limit ($27, when $28 says the limit challenges; a recall too, or hanging up in the queue each time
        // would be a way round it).
        "f as (select id, kind from caller_flags where $10::text is not null and caller_hash = $10 and status = 'active' and expires_at > $2 limit 1), " +
        "h as (select count(*) as n from calls where $10::text is not null and caller_hash = $10 and call_sid <> $1 and started_at > $2 - interval '1 hour' and started_at <= $2), " +
        "ch as (select case when ($26 and not exists (select 1 from r)) or ($28 and $27 > 0 and (select n from h) + 1 > $27) then 'required' end as challenge), " +
        "c as (insert into calls (call_sid, account_sid, caller_hash, caller_number, called_number, flow_name, flow_hash, " +
        "state, step, attempt, outcome, last_twiml, started_at, updated_at, ended_at, provider_status, tags, recall_worker_id, flag_id, challenge) " +
        "select $1, $9, $10, $11, $12, $13, $14, $15, $3, $16, case when o.ended_at is null then $17 else 'abandoned' end, " +
        "case when $20::text is not null and (select challenge from ch) is not null then coalesce($29, $18) else $18 end, $19, $2, o.ended_at, o.status, " +
        // The line's own tags first (a recall, a flagged caller), then the step's.
        $"(case when exists (select 1 from r) then array['{Core.Flows.CallTags.Recall}'] else '{{}}'::text[] end) || " +
        $"(case when (select kind from f) = 'watch' then array['{Core.Flows.CallTags.Watched}'] else '{{}}'::text[] end) || " +
        $"array(select t from unnest($22::text[]) t where t <> all (array['{Core.Flows.CallTags.Recall}', '{Core.Flows.CallTags.Watched}'])), " +
        "(select worker_id from r), (select id from f), (select challenge from ch) from o " +
        "on conflict (call_sid) do nothing returning id, ended_at, tags, recall_worker_id, challenge), " +
        "l as (update call_events set call_id = c.id from c where call_events.call_sid = $1 and call_events.call_id is null returning 1), " +
        InsertStepEvents +
        // A blocked caller is never queued, even by a flow whose first step queues.
        ", " + JoinQueue("(case when (select kind from f) = 'blocked' then null else $20 end)", "$21", "$25", "$29") +
        // Her pending call-back (issue 13), by the hash of the number she calls from or of the number she gave: the welcome
        // then offers to cancel it — found here, not by a second round trip.
        "select (select count(*) from c), " + NotifyJoined + ", (select kind from f), (select id from f), (select n from h)::int, (select challenge from c), " +
        "(select b.id from callback_requests b where $10::text is not null and b.status = 'pending' and (b.caller_hash = $10 or b.number_hash = $10) order by b.id limit 1)";

    // A concurrent webhook of the same call blocks on the row lock, then re-checks the WHERE clause against the committed
    // row (READ COMMITTED): the step has moved, so it updates nothing and appends nothing.
    // "step <= expected", not "=": a row *behind* the webhook missed a step (the database was down or too slow when it
    // came; the caller got the flow's answer anyway, since the position travels in our URLs), so this step catches it
    // up instead of repeating an older answer — which would send the caller back to a menu they had already left.
    // After the call's end ($14 false: keys, an overflow…) the step changes nothing: it is only logged as 'after-end' (l),
    // so a late webhook never queues, offers or recounts a call that is over. A step that reports the past ($14 true: a
    // transfer's or a worker's dial outcome that arrived after the status callback) still takes its step, or a caller
    // who was answered would stay "abandoned"; ended_at is left as it is.
    private static readonly string AdvanceSql =
        // Tags only add up ($18): a call keeps every tag a step gave it, once, in the order given.
        // A call that asked for a call-back keeps that outcome: the queue's hang-up that follows it is not an abandonment (issue 13).
        "with c as (update calls set state = $9, step = $3, attempt = $10, outcome = case when outcome = 'callback-requested' then outcome else coalesce($11, outcome) end, updated_at = $2, " +
        "tags = case when cardinality($18::text[]) = 0 then tags else tags || array(select t from unnest($18::text[]) t where t <> all(tags)) end, " +
        // The keypad challenge: a step that queues a caller who must pass it ($15) keeps her out of the queue and answers
        // with the challenge ($20) instead; her answer to it ($21: passed, failed) is recorded, and a pass lets the join through.
        "challenge = coalesce($21, challenge), " +
        "last_twiml = case when $15::text is not null and challenge = 'required' and $21::text is null and $20::text is not null then $20 else $12 end " +
        "where call_sid = $1 and step <= $13 and (ended_at is null or $14) returning id, ended_at, tags, recall_worker_id, challenge), " +
        InsertStepEvents +
        ", l as (insert into call_events (call_id, call_sid, at, kind, step, from_state, to_state, trigger, detail) " +
        "select k.id, $1, $2, 'after-end', $13, ($5::text[])[1], null, ($7::text[])[1], ($8::jsonb[])[1] " +
        "from calls k where k.call_sid = $1 and k.ended_at is not null and not $14 and k.step <= $13 and not exists (select 1 from c) returning 1), " +
        JoinQueue("$15", "$16", "$19", "$20", "$17") +
        // A caller still waiting or offered leaves the queue with the step that takes them out ($17: abandoned, overflowed),
        // and a worker whose phone was ringing for them is freed, with no miss.
        ", ql as (update queue_entries set status = $17, ended_at = $2, wait_seconds = greatest(0, extract(epoch from ($2 - joined_at))::int) " +
        "from c where queue_entries.call_sid = $1 and $17 is not null and queue_entries.status in ('waiting', 'offered') returning queue_entries.worker_id), " +
        "wl as (update workers set " + Routing.WorkerSql.Free("$2") + " from ql " +
        "where workers.id = ql.worker_id and workers.current_call_sid = $1 and workers.status = 'ringing' returning 1) " +
        "select (select count(*) from c) + 2 * (select count(*) from l), " + NotifyJoined + ", (select count(*) from (select " + Routing.WorkerSql.Notify + " from wl) n), " +
        "coalesce((select $15::text is not null and challenge = 'required' from c), false)";

    // k finds the call (to link the event even when the row does not change), c closes it if still open; the event's kind
    // says which. Outcome: the flow's own wins; a call the flow never routed was abandoned (in the queue, if queued).
    // In the same commit, a caller still waiting or being offered leaves the queue as abandoned (q) and a worker whose
    // phone was ringing for them is freed, with no miss (w). An entry whose worker picked up is left to the worker's dial
    // outcome, which alone says whether the two were bridged.
    private static readonly string CompleteSql =
        "with k as (select id from calls where call_sid = $1), " +
        "c as (update calls set ended_at = $2, provider_status = $3, duration_seconds = $4, updated_at = $2, " +
        "outcome = case when outcome is null then 'abandoned' when outcome = 'queued' then 'abandoned-in-queue' else outcome end " +
        "where call_sid = $1 and ended_at is null returning id, outcome), " +
        "q as (update queue_entries set status = 'abandoned', ended_at = $2, wait_seconds = greatest(0, extract(epoch from ($2 - joined_at))::int) " +
        "where call_sid = $1 and status in ('waiting', 'offered') returning worker_id), " +
        "w as (update workers set " + Routing.WorkerSql.Free("$2") + " from q " +
        "where workers.id = q.worker_id and workers.current_call_sid = $1 and workers.status = 'ringing' returning 1), " +
        "e as (insert into call_events (call_id, call_sid, at, kind, trigger, detail) " +
        "select (select id from k), $1, $2, case when exists (select 1 from k) and not exists (select 1 from c) then 'status-duplicate' else 'status' end, $3, $5 " +
        "returning 1) " +
        "select exists (select 1 from c), exists (select 1 from k), (select count(*) from (select " + Routing.WorkerSql.Notify + " from w) n), (select outcome from c)";

    private const string AppendEventSql =
        "insert into call_events (call_id, call_sid, at, kind, step, from_state, to_state, trigger, detail) " +
        "select (select id from calls where call_sid = $1), $1, $2, $3, null, $4, $5, $6, $7";

    private const string SelectCallSql =
        "select id, call_sid as CallSid, flow_name as FlowName, flow_hash as FlowHash, state, step as StepNumber, attempt as MenuReplays, outcome, last_twiml as LastTwiml, " +
        "started_at as StartedAt, updated_at as UpdatedAt, ended_at as EndedAt, provider_status as ProviderStatus, " +
        "duration_seconds as DurationSeconds, caller_hash as CallerHash, caller_number as CallerNumber, array_to_string(tags, ',') as Tags " +
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
        command.Parameters.Add(Integer(advance.StepNumber));
        command.Parameters.Add(Array(advance.Events, e => e.Kind, NpgsqlDbType.Text));
        command.Parameters.Add(Array(advance.Events, e => e.FromState, NpgsqlDbType.Text));
        command.Parameters.Add(Array(advance.Events, e => e.ToState, NpgsqlDbType.Text));
        command.Parameters.Add(Array(advance.Events, e => e.Trigger, NpgsqlDbType.Text));
        command.Parameters.Add(Array(advance.Events, e => e.DetailJson, NpgsqlDbType.Jsonb));
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Json(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static NpgsqlParameter<int> Integer(int value) => new() { TypedValue = value };

    private static NpgsqlParameter Tags(IReadOnlyList<string>? tags) => new() { Value = (tags ?? []).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter Array(IReadOnlyList<CallEventRecord> events, Func<CallEventRecord, string?> column, NpgsqlDbType type) =>
        new() { Value = events.Select(column).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };

    /// <summary>A <c>calls</c> row as Dapper reads it: Npgsql hands <c>timestamptz</c> over as UTC <see cref="DateTime"/>.</summary>
    private sealed record CallRow(
        long Id, string CallSid, string FlowName, string FlowHash, string State, int StepNumber, int MenuReplays, string? Outcome, string? LastTwiml,
        DateTime StartedAt, DateTime UpdatedAt, DateTime? EndedAt, string? ProviderStatus, int? DurationSeconds, string? CallerHash, string? CallerNumber, string? Tags)
    {
        public CallSnapshot ToSnapshot() => new(
            Id, CallSid, FlowName, FlowHash, State, StepNumber, MenuReplays, Outcome, LastTwiml,
            Timestamps.FromDatabase(StartedAt), Timestamps.FromDatabase(UpdatedAt), Timestamps.FromDatabase(EndedAt),
            ProviderStatus, DurationSeconds, CallerHash, CallerNumber) { Tags = CallTagsColumn.Read(Tags) };
    }

    /// <summary>A <c>call_events</c> row as Dapper reads it.</summary>
    private sealed record EventRow(long Id, DateTime At, string Kind, int? Step, string? FromState, string? ToState, string? Trigger, string? DetailJson)
    {
        public StoredCallEvent ToEvent() => new(Id, Timestamps.FromDatabase(At), Kind, Step, FromState, ToState, Trigger, DetailJson);
    }
}
