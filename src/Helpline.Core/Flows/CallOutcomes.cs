namespace Helpline.Core.Flows;

/// <summary>
/// The outcomes a call row can hold, one definition each, shared by the flow engine, the simulator, the webhooks and
/// the statistics: a call the flow never routed and that ended is <see cref="Abandoned"/>; a caller who waited for the
/// social workers ends <see cref="Answered"/> (the worker's dial outcome says the legs were bridged),
/// <see cref="AbandonedInQueue"/> (hung up while waiting, while a worker's phone rang, or during the whisper) or
/// <see cref="Overflowed"/> on leaving the queue, then takes the outcome of any transfer that follows; transfers are
/// <c>transferring:</c>, <c>transferred:</c> or <c>transfer-&lt;result&gt;:</c> followed by the destination's name.
/// </summary>
public static class CallOutcomes
{
    /// <summary>In the queue for the social workers (waiting, offered, or talking until the worker's dial outcome arrives).</summary>
    public const string Queued = "queued";

    /// <summary>A social worker talked to the caller (the two legs were bridged).</summary>
    public const string Answered = "answered";

    /// <summary>Left the queue for the overflow branch (maximum wait, or nobody could come).</summary>
    public const string Overflowed = "overflowed";

    /// <summary>Hung up before anything routed the call (in a menu or a message).</summary>
    public const string Abandoned = "abandoned";

    /// <summary>Hung up while waiting for a social worker, while a worker's phone rang, or during the whisper.</summary>
    public const string AbandonedInQueue = "abandoned-in-queue";

    /// <summary>A caller whose number a supervisor blocked: she heard the emergency numbers, then the call ended.</summary>
    public const string Blocked = "blocked";

    /// <summary>A caller who did not type the keypad challenge's code in the tries allowed: she heard the emergency numbers, then the call ended, never queued.</summary>
    public const string ChallengeFailed = "challenge-failed";

    /// <summary>Asked to be called back while waiting, and confirmed it (issue 13): she left the queue, her place kept by the request.</summary>
    public const string CallbackRequested = "callback-requested";

    /// <summary>Prefix of a transfer that was answered: <c>transferred:&lt;destination&gt;</c>.</summary>
    public const string TransferredPrefix = "transferred:";
}
