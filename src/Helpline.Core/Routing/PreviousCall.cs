namespace Helpline.Core.Routing;

/// <summary>The caller's latest earlier call, as the recall rule needs it (found by the keyed hash of her number, never the number).</summary>
/// <param name="EndedAt">When it ended.</param>
/// <param name="QueueStatus">How its queue entry ended (<c>abandoned</c>, <c>answered</c>, <c>overflowed</c>…), or null when it never queued.</param>
/// <param name="AnsweredAt">When a worker was put through to her, or null.</param>
/// <param name="QueueEndedAt">When the queue entry ended (for an answered entry: the end of the conversation), or null.</param>
/// <param name="WorkerId">The worker of the entry (the one she spoke to, when answered), or null.</param>
/// <param name="WasRecall">True when that call was itself recognised as a recall (it carried <see cref="Flows.CallTags.Recall"/>).</param>
/// <param name="RecallWorkerId">When it was a recall, the worker it was kept for (the one she had spoken to before), or null.</param>
public sealed record PreviousCall(DateTimeOffset EndedAt, string? QueueStatus, DateTimeOffset? AnsweredAt, DateTimeOffset? QueueEndedAt, int? WorkerId,
    bool WasRecall = false, int? RecallWorkerId = null);
