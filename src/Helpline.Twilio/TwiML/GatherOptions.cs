namespace Helpline.Twilio.TwiML;

/// <summary>Attributes of <c>&lt;Gather&gt;</c>; null ones are not written (the provider's defaults apply).</summary>
public sealed record GatherOptions
{
    /// <summary><c>dtmf</c>, <c>speech</c> or <c>dtmf speech</c>.</summary>
    public string? Input { get; init; }

    /// <summary>Where the keys are posted.</summary>
    public string? Action { get; init; }

    /// <summary>HTTP method for the action (default POST).</summary>
    public string? Method { get; init; }

    /// <summary>Seconds of silence before giving up (default 5).</summary>
    public int? Timeout { get; init; }

    /// <summary>Stop after this many keys.</summary>
    public int? NumDigits { get; init; }

    /// <summary>Key that ends input (default <c>#</c>; empty string for none).</summary>
    public string? FinishOnKey { get; init; }

    /// <summary>Post to the action even when nothing was pressed.</summary>
    public bool? ActionOnEmptyResult { get; init; }

    /// <summary>Language for speech recognition.</summary>
    public string? Language { get; init; }
}
