namespace Helpline.Data.Calls;

/// <summary>One entry of a call's append-only event log (a webhook received, a transition taken, a status).</summary>
/// <param name="Kind">What happened, e.g. <c>webhook:gather</c>, <c>transition</c>, <c>status</c>.</param>
/// <param name="FromState">The state before, if relevant.</param>
/// <param name="ToState">The state after, if relevant.</param>
/// <param name="Trigger">The trigger or status, if relevant.</param>
/// <param name="DetailJson">Extra data as a JSON object, or null. Never a caller's number.</param>
public sealed record CallEventRecord(string Kind, string? FromState, string? ToState, string? Trigger, string? DetailJson);
