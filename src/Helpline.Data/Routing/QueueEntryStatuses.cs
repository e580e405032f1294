namespace Helpline.Data.Routing;

/// <summary>
/// The statuses of a caller's queue entry (stored as text): waiting → offered → picked-up → answered, or abandoned /
/// overflowed; an offer the worker did not take goes back to waiting.
/// </summary>
public static class QueueEntryStatuses
{
    /// <summary>Waiting for a worker.</summary>
    public const string Waiting = "waiting";

    /// <summary>Offered to a worker whose phone rings.</summary>
    public const string Offered = "offered";

    /// <summary>The worker's phone answered (the whisper); the worker's dial outcome decides whether the caller is answered.</summary>
    public const string PickedUp = "picked-up";

    /// <summary>The caller and the worker were bridged.</summary>
    public const string Answered = "answered";

    /// <summary>The caller hung up before being bridged (waiting, while a worker's phone rang, or during the whisper).</summary>
    public const string Abandoned = "abandoned";

    /// <summary>The caller left for the overflow branch (maximum wait, or nobody could come).</summary>
    public const string Overflowed = "overflowed";
}
