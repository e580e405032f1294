namespace Helpline.Data.Callbacks;

/// <summary>
/// What a caller agreed to for her call-back (issue 13), as recorded: the number to call (already encrypted by the
/// server: this layer never sees it in clear), its keyed hash and that of the number she called from (to recognise her
/// when she calls again), the window as instants, whether a neutral message may be left, which caller ID shows, the
/// summary she confirmed (without the number) and when.
/// </summary>
/// <param name="NumberProtected">The number to call, encrypted (ASP.NET Core Data Protection).</param>
/// <param name="NumberHash">Keyed hash of the number to call.</param>
/// <param name="CallerHash">Keyed hash of the number she called from, or null (withheld).</param>
/// <param name="WindowName">The window's name (<c>des-que-possible</c> or the flow's).</param>
/// <param name="WindowFrom">Start of the window.</param>
/// <param name="WindowTo">End of the window (exclusive).</param>
/// <param name="MessageAllowed">True when a neutral message may be left.</param>
/// <param name="CallerId"><c>helpline</c> or <c>neutral</c>.</param>
/// <param name="Summary">The summary she confirmed, without the number.</param>
/// <param name="ConsentedAt">When she confirmed.</param>
public sealed record CallbackConsent(
    string NumberProtected, string? NumberHash, string? CallerHash, string WindowName, DateTimeOffset WindowFrom, DateTimeOffset WindowTo,
    bool MessageAllowed, string CallerId, string Summary, DateTimeOffset ConsentedAt)
{
    /// <summary>The call that asked for it (or that a worker's wrap-up follows), or null.</summary>
    public string? CallSid { get; init; }

    /// <summary><c>caller</c> (asked while waiting) or <c>worker</c> (recorded at wrap-up).</summary>
    public string Source { get; init; } = "caller";

    /// <summary>For a request recorded at wrap-up: the worker who recorded it.</summary>
    public int? WorkerId { get; init; }

    /// <summary>The flow version whose words the worker will hear.</summary>
    public string? FlowHash { get; init; }

    /// <summary>The helpline's own number she called (the caller ID by default), or null.</summary>
    public string? HelplineNumber { get; init; }

    /// <summary>The queue the request waits in (the caller's own, when she was waiting).</summary>
    public string QueueName { get; init; } = "ecoutantes";
}
