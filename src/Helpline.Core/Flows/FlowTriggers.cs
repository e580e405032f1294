namespace Helpline.Core.Flows;

/// <summary>
/// The names of the triggers that move a call between states. They are plain strings so they read well in graphs,
/// events and scenario files (<c>open</c>, <c>digits:1</c>, <c>timeout</c>, <c>busy</c>…).
/// </summary>
public static class FlowTriggers
{
    /// <summary>A new call enters the flow's start state.</summary>
    public const string Start = "start";

    /// <summary>The calendar says open.</summary>
    public const string Open = "open";

    /// <summary>The calendar says closed.</summary>
    public const string Closed = "closed";

    /// <summary>A message has been played; go on.</summary>
    public const string Continue = "continue";

    /// <summary>A menu got no key in time.</summary>
    public const string Timeout = "timeout";

    /// <summary>A menu got keys that match no choice.</summary>
    public const string Invalid = "invalid";

    /// <summary>The dialled party answered (the transfer is over when this arrives), or a social worker talked to the caller.</summary>
    public const string Answered = "answered";

    /// <summary>The dialled line was busy.</summary>
    public const string Busy = "busy";

    /// <summary>The dialled line did not answer in time.</summary>
    public const string NoAnswer = "no-answer";

    /// <summary>The transfer could not be placed.</summary>
    public const string Failed = "failed";

    /// <summary>The queue gave up on the call (maximum wait, queue full, provider error).</summary>
    public const string Overflow = "overflow";

    /// <summary>Prefix of menu choice triggers.</summary>
    public const string DigitsPrefix = "digits:";

    /// <summary>The trigger of a menu choice, e.g. <c>digits:1</c>.</summary>
    public static string Digits(string keys) => DigitsPrefix + keys;
}
