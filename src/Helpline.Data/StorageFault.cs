using Npgsql;

namespace Helpline.Data;

/// <summary>
/// The one rule that says which exceptions mean "PostgreSQL is unreachable, down, overloaded or refused us for a reason
/// of its own" — a fault the service survives (a webhook answers from the flow and journals its write; a background
/// service logs it and tries again at its next round) — as opposed to a bug, which must surface.
/// </summary>
/// <remarks>
/// Storage faults: any <see cref="NpgsqlException"/> (connection failures, broken streams, and <see cref="PostgresException"/>
/// whatever its SQLSTATE: a refused statement must not silence a caller either), <see cref="TimeoutException"/>,
/// socket and I/O failures under Npgsql, and Npgsql's own invalid-state errors (a broken or exhausted pool). Among them,
/// <see cref="IsTransient"/> says which may succeed if retried (SQLSTATE classes 08 connection, 40 transaction rollback,
/// 53 insufficient resources, 57 operator intervention, 58 system error; and every fault that is not a PostgreSQL
/// refusal): the journal keeps those, and drops an entry PostgreSQL refuses for its data. Cancellation is not a
/// storage fault by itself: code that gives storage a budget adds <see cref="OperationCanceledException"/>.
/// </remarks>
public static class StorageFault
{
    /// <summary>True when <paramref name="ex"/> is a storage fault to survive.</summary>
    public static bool Is(Exception ex) => ex switch
    {
        NpgsqlException or TimeoutException or System.Net.Sockets.SocketException => true,
        InvalidOperationException { Source: "Npgsql" } => true,
        IOException when ex.Source == "Npgsql" => true,
        _ => false,
    };

    /// <summary>True when <paramref name="ex"/> is a storage fault that may go away if the write is tried again later.</summary>
    public static bool IsTransient(Exception ex) => ex is PostgresException postgres
        ? postgres.SqlState.Length >= 2 && postgres.SqlState[..2] is "08" or "40" or "53" or "57" or "58"
        : Is(ex);
}
