namespace Helpline.Twilio.TwiML;

/// <summary>Attributes of <c>&lt;Dial&gt;</c>; null ones are not written.</summary>
public sealed record DialOptions
{
    /// <summary>Where the outcome (<c>DialCallStatus</c>) is posted when the dial ends.</summary>
    public string? Action { get; init; }

    /// <summary>HTTP method for the action.</summary>
    public string? Method { get; init; }

    /// <summary>Seconds to ring (default 30).</summary>
    public int? Timeout { get; init; }

    /// <summary>Caller ID shown to the called party.</summary>
    public string? CallerId { get; init; }

    /// <summary>Keep the caller hearing ringing until the called party answers.</summary>
    public bool? AnswerOnBridge { get; init; }

    /// <summary>Longest conversation in seconds.</summary>
    public int? TimeLimit { get; init; }

    /// <summary>Ring-back tone country, e.g. <c>fr</c>.</summary>
    public string? RingTone { get; init; }
}
