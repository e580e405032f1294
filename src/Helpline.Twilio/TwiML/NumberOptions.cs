namespace Helpline.Twilio.TwiML;

/// <summary>
/// Attributes of a <c>&lt;Number&gt;</c> noun inside <c>&lt;Dial&gt;</c>; null ones are not written. <see cref="Url"/>
/// runs on the called party once answered (and, with <see cref="MachineDetection"/>, once the provider has decided
/// who answered: its request carries <c>AnsweredBy</c>), before the two legs are bridged.
/// </summary>
public sealed record NumberOptions
{
    /// <summary>TwiML run on the called party before the bridge (only Play, Say, Pause, Gather, Hangup).</summary>
    public string? Url { get; init; }

    /// <summary>HTTP method for <see cref="Url"/>.</summary>
    public string? Method { get; init; }

    /// <summary><c>Enable</c> (decide human or machine before <see cref="Url"/> runs) or <c>DetectMessageEnd</c>.</summary>
    public string? MachineDetection { get; init; }

    /// <summary>Seconds the provider may take to decide (default 30).</summary>
    public int? MachineDetectionTimeout { get; init; }
}
