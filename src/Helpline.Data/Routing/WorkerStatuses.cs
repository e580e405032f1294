namespace Helpline.Data.Routing;

/// <summary>The worker states (stored as text).</summary>
public static class WorkerStatuses
{
    /// <summary>Not logged in.</summary>
    public const string Offline = "offline";

    /// <summary>Ready for a call.</summary>
    public const string Available = "available";

    /// <summary>A call is being offered.</summary>
    public const string Ringing = "ringing";

    /// <summary>Talking to a caller.</summary>
    public const string OnCall = "on-call";

    /// <summary>After a call, before the next.</summary>
    public const string WrapUp = "wrap-up";

    /// <summary>Logged in but not taking calls.</summary>
    public const string Pause = "pause";
}
