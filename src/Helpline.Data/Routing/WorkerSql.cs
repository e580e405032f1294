namespace Helpline.Data.Routing;

/// <summary>
/// The SQL that moves a worker out of a call, in one place for every statement that does it (the routing store's and
/// the call store's): a status chosen during the call (<c>pending_status</c>) takes effect now, otherwise the worker is
/// available again. Written as fragments because they run inside larger statements (one statement, one commit).
/// </summary>
/// <remarks>In an UPDATE, every right-hand side reads the row as it was, so the order of the assignments does not matter.</remarks>
internal static class WorkerSql
{
    /// <summary>The status a worker takes when their call (and wrap-up) is over.</summary>
    public const string NextStatus = "coalesce(pending_status, 'available')";

    /// <summary>True when the worker can be offered a caller now or will be after their call: the "someone can come" test.</summary>
    public const string CanCome =
        "(active and status in ('available', 'ringing', 'on-call', 'wrap-up') and coalesce(pending_status, 'available') = 'available')";

    /// <summary>
    /// The SET clause that frees a worker at <paramref name="at"/> (a parameter or expression): next status, idle since
    /// then when available, no call, no wrap-up, no pending choice, no autopause.
    /// </summary>
    public static string Free(string at) =>
        $"status = {NextStatus}, status_since = {at}, idle_since = case when {NextStatus} = 'available' then {at} else idle_since end, " +
        "current_call_sid = null, wrap_up_until = null, pending_status = null, pending_since = null, auto_paused = false";

    /// <summary>Wakes every instance's dispatcher (LISTEN/NOTIFY channel <see cref="RoutingStore.Channel"/>).</summary>
    public const string Notify = "pg_notify('" + RoutingStore.Channel + "', '')";
}
