namespace Helpline.Twilio.TwiML;

/// <summary>Attributes of <c>&lt;Enqueue&gt;</c>; null ones are not written.</summary>
public sealed record EnqueueOptions
{
    /// <summary>Where <c>QueueResult</c> is posted when the caller leaves the queue.</summary>
    public string? Action { get; init; }

    /// <summary>HTTP method for the action.</summary>
    public string? Method { get; init; }

    /// <summary>TwiML played to the waiting caller, fetched again each time it ends.</summary>
    public string? WaitUrl { get; init; }

    /// <summary>HTTP method for the wait URL.</summary>
    public string? WaitUrlMethod { get; init; }

    /// <summary>Largest queue size (emitted by the SDKs; the documented way is the REST Queue's MaxSize).</summary>
    public int? MaxQueueSize { get; init; }
}
