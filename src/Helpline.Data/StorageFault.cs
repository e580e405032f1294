namespace Helpline.Data;

/// <summary>
/// The one rule that says which exceptions mean "PostgreSQL is unreachable, down or refused us for a reason of its own"
/// (a fault the service survives by answering from the flow and journaling the write), as opposed to a bug.
/// </summary>
public static class StorageFault
{
    /// <summary>
    /// True for Npgsql's and PostgreSQL's errors, timeouts, socket errors and Npgsql's own invalid-state errors (a broken
    /// or exhausted pool). Cancellation is not a storage fault by itself: callers that give storage a budget add it.
    /// </summary>
    public static bool Is(Exception ex) =>
        ex is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException { Source: "Npgsql" };
}
