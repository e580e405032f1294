using Helpline.Core.Flows;
using Helpline.Core.Routing;

namespace Helpline.Data.Routing;

/// <summary>
/// Core's queue order (<see cref="QueueOrder"/>) as SQL: the priority class a call's tags give, the order of waiting
/// callers, and the reservation for the worker a recalling caller spoke to. Every statement that orders or fills the
/// queue uses these, so the router, the positions announced and the supervisors' list agree with the rule.
/// </summary>
internal static class QueueOrderSql
{
    /// <summary>The class of the tags in the SQL <c>text[]</c> expression <paramref name="tags"/> (highest wins, 0 when none is listed).</summary>
    public static string PriorityOf(string tags)
    {
        var values = string.Join(", ", QueueOrder.TagPriorities.Select(kv =>
            CallTags.IsValidName(kv.Key)
                ? $"('{kv.Key}', {kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)})"
                : throw new InvalidOperationException($"tag '{kv.Key}' is not a valid tag name")));
        return $"(select coalesce(max(p.v), {QueueOrder.Normal}) from (values {values}) p(tag, v) where p.tag = any({tags}))::smallint";
    }

    /// <summary>Waiting callers in the order of <see cref="QueueOrder"/>, for a table aliased <paramref name="q"/> (no worker's preference).</summary>
    public static string Order(string q) => $"{q}.priority desc, {q}.priority_at, {q}.joined_at, {q}.call_sid";

    /// <summary>True when the waiting caller in <paramref name="o"/> is ahead of the one in <paramref name="e"/> in the queue's order (her position counts it).</summary>
    public static string Ahead(string o, string e) =>
        $"({o}.priority > {e}.priority or ({o}.priority = {e}.priority and ({o}.priority_at, {o}.joined_at, {o}.call_sid) < ({e}.priority_at, {e}.joined_at, {e}.call_sid)))";

    /// <summary>The order for worker <paramref name="worker"/> (an SQL expression), a caller reserved for them first within her class.</summary>
    public static string OrderFor(string q, string worker, string now) =>
        $"{q}.priority desc, coalesce({q}.preferred_worker_id = {worker} and {q}.preferred_until > {now}, false) desc, {q}.priority_at, {q}.joined_at, {q}.call_sid";

    /// <summary>True when the caller in <paramref name="q"/> may be taken by <paramref name="worker"/> at <paramref name="now"/> (not reserved for another).</summary>
    public static string EligibleFor(string q, string worker, string now) =>
        $"({q}.preferred_worker_id is null or {q}.preferred_worker_id = {worker} or {q}.preferred_until is null or {q}.preferred_until <= {now})";

    /// <summary>The columns a queue join fills from the call row <paramref name="c"/> (its tags and the worker she spoke to), in the order of <see cref="JoinColumns"/>.</summary>
    public static string JoinValues(string c, string at, string sameWorkerSeconds) =>
        $"{PriorityOf(c + ".tags")}, {c}.recall_worker_id, case when {c}.recall_worker_id is not null then {at} + make_interval(secs => {sameWorkerSeconds}) end";

    /// <summary>
    /// The <c>on conflict (call_sid) do update</c> of a step's queue join that finds an entry already there: one a hold
    /// poll created to heal a lost join (the step was journaled) before the step was replayed, from a call row that did
    /// not exist yet or was behind — no menu choice, normal class, no reserved worker. While she still waits, the step
    /// completes what the hold poll could not know: the menu choice if none, the higher class of the two, the earlier
    /// place (arrival in her class, arrival), the worker she spoke to if none. Nothing here can move her back, and an
    /// entry offered, answered or ended is left as it is (the WHERE fails: no row, so no NOTIFY either).
    /// </summary>
    public const string CompleteJoin =
        "menu_choice = coalesce(queue_entries.menu_choice, excluded.menu_choice), " +
        "priority = greatest(queue_entries.priority, excluded.priority), " +
        "priority_at = least(queue_entries.priority_at, excluded.priority_at), " +
        "joined_at = least(queue_entries.joined_at, excluded.joined_at), " +
        "preferred_until = case when queue_entries.preferred_worker_id is null then excluded.preferred_until else queue_entries.preferred_until end, " +
        "preferred_worker_id = coalesce(queue_entries.preferred_worker_id, excluded.preferred_worker_id) " +
        "where queue_entries.status = 'waiting'";

    /// <summary>The columns <see cref="JoinValues"/> fills.</summary>
    public const string JoinColumns = "priority, preferred_worker_id, preferred_until";

    /// <summary>
    /// True when the entry in <paramref name="q"/> may be taken at <paramref name="now"/>: a caller on the line always; a
    /// call-back only within its turn and window and when <paramref name="callbacks"/> (the line is open) — Core's
    /// <see cref="QueueOrder.IsDue"/>.
    /// </summary>
    public static string Due(string q, string now, string callbacks) =>
        $"({q}.kind = 'call' or ({callbacks} and {q}.not_before <= {now} and {q}.window_to > {now}))";
}
