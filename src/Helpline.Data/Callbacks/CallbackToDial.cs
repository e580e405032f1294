namespace Helpline.Data.Callbacks;

/// <summary>What the worker's leg needs to dial the caller, read when the worker accepts: the number (still encrypted),
/// her consent's terms, and whether the request is still pending.</summary>
/// <param name="Id">The request.</param>
/// <param name="Status">Its status (only a pending one is dialled).</param>
/// <param name="NumberProtected">The number, encrypted; null once ended.</param>
/// <param name="MessageAllowed">Whether a neutral message may be left.</param>
/// <param name="CallerId"><c>helpline</c> or <c>neutral</c>.</param>
/// <param name="WindowTo">End of her window.</param>
public sealed record CallbackToDial(int Id, string Status, string? NumberProtected, bool MessageAllowed, string CallerId, DateTimeOffset WindowTo)
{
    /// <summary>The line was closed when the worker accepted: the request waits again for it to reopen, nobody is dialled.</summary>
    public bool LineClosed { get; init; }
}
