namespace Helpline.Data.Callbacks;

/// <summary>The statuses of a call-back request (stored as text): pending until it ends as one of the four others.</summary>
public static class CallbackStatuses
{
    /// <summary>Waiting for its window, or for a worker within it.</summary>
    public const string Pending = "pending";

    /// <summary>A worker talked to her (the call was bridged).</summary>
    public const string Reached = "reached";

    /// <summary>Every attempt allowed was made and none reached her.</summary>
    public const string NotReached = "not-reached";

    /// <summary>Her window passed before she could be reached.</summary>
    public const string Expired = "expired";

    /// <summary>She cancelled it by calling again, or a supervisor did.</summary>
    public const string Cancelled = "cancelled";
}
