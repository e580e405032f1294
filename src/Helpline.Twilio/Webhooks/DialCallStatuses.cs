namespace Helpline.Twilio.Webhooks;

/// <summary>The values of <c>DialCallStatus</c> posted to a <c>&lt;Dial&gt;</c> action (the provider's exact list).</summary>
public static class DialCallStatuses
{
    /// <summary>The dialled party answered and the call is over.</summary>
    public const string Completed = "completed";

    /// <summary>Answered (when dialling a conference).</summary>
    public const string Answered = "answered";

    /// <summary>The dialled line was busy.</summary>
    public const string Busy = "busy";

    /// <summary>The dialled party did not pick up in time.</summary>
    public const string NoAnswer = "no-answer";

    /// <summary>The dial could not be placed.</summary>
    public const string Failed = "failed";

    /// <summary>The dial was canceled before it was answered (the caller hung up).</summary>
    public const string Canceled = "canceled";

    /// <summary>True when the dialled party answered (<see cref="Completed"/> or <see cref="Answered"/>).</summary>
    public static bool WasAnswered(string? status) => status is Completed or Answered;
}
