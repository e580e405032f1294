namespace Helpline.Twilio.Webhooks;

/// <summary>
/// The values of <c>CallStatus</c> on the provider's webhooks and status callbacks (its exact list: queued, initiated,
/// ringing, in-progress, completed, busy, failed, no-answer, canceled).
/// </summary>
public static class CallStatuses
{
    /// <summary>Waiting to be placed.</summary>
    public const string Queued = "queued";

    /// <summary>Being placed.</summary>
    public const string Initiated = "initiated";

    /// <summary>Ringing.</summary>
    public const string Ringing = "ringing";

    /// <summary>Answered and going on.</summary>
    public const string InProgress = "in-progress";

    /// <summary>Over after being answered.</summary>
    public const string Completed = "completed";

    /// <summary>Over: the line was busy.</summary>
    public const string Busy = "busy";

    /// <summary>Over: it could not be placed.</summary>
    public const string Failed = "failed";

    /// <summary>Over: nobody answered.</summary>
    public const string NoAnswer = "no-answer";

    /// <summary>Over: canceled before it was answered.</summary>
    public const string Canceled = "canceled";

    /// <summary>True for a status that ends the call (the provider sends its status callback for these).</summary>
    public static bool IsFinal(string? status) => status is Completed or Busy or Failed or NoAnswer or Canceled;
}
