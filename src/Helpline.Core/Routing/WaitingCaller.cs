namespace Helpline.Core.Routing;

/// <summary>A caller waiting for a social worker, as the queue's order sees her (no number, no name).</summary>
/// <param name="CallSid">The caller's call.</param>
/// <param name="Priority">Her priority class (<see cref="QueueOrder.Normal"/>, <see cref="QueueOrder.RecallAfterCutOff"/>); higher goes first.</param>
/// <param name="PriorityAt">Her place in line within the class (the time she joined; kept when an offer failed or was missed).</param>
/// <param name="JoinedAt">When she joined the queue.</param>
/// <param name="PreferredWorker">The worker she spoke to before being cut off, or null.</param>
/// <param name="PreferredUntil">Until when only that worker may take her (then anyone may), or null.</param>
/// <param name="Callback">For a call-back request waiting for its turn (a queue entry of kind <c>callback</c>): when it may be
/// made; null for a caller on the line.</param>
public sealed record WaitingCaller(
    string CallSid, int Priority, DateTimeOffset PriorityAt, DateTimeOffset JoinedAt, int? PreferredWorker = null, DateTimeOffset? PreferredUntil = null,
    CallbackTurn? Callback = null);
