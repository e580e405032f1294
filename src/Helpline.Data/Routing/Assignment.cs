namespace Helpline.Data.Routing;

/// <summary>
/// A waiting caller given to an available worker (both now reserved: the caller offered, the worker ringing), with
/// what the worker's leg needs to run without the database: the worker's phone, the caller's menu choice and arrival,
/// and the caller's position in the flow (null when the call row is not stored yet, e.g. still in the journal).
/// </summary>
/// <param name="CallSid">The caller's call.</param>
/// <param name="WorkerId">The worker.</param>
/// <param name="WorkerName">The worker's name.</param>
/// <param name="WorkerPhone">The worker's phone (E.164).</param>
/// <param name="MenuChoice">The keys that led the caller to the queue, or null.</param>
/// <param name="WaitedSeconds">Seconds waited so far.</param>
/// <param name="JoinedAt">When the caller joined the queue.</param>
/// <param name="Position">The caller's flow version, state, step and menu replays; null when unknown.</param>
/// <param name="OfferNumber">This offer's ordinal for the caller (1 for the first offer, 2 after a miss…): it tells a late webhook of an earlier offer from the current one's.</param>
public sealed record Assignment(
    string CallSid, int WorkerId, string WorkerName, string WorkerPhone, string? MenuChoice, int WaitedSeconds, DateTimeOffset JoinedAt, StoredPosition? Position, int OfferNumber = 1)
{
    /// <summary>The caller's tags (the whisper says them), in the order set.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// For a call-back request's turn (a queue entry of kind <c>callback</c>): the request and what the worker's leg
    /// needs; <see cref="CallSid"/> is then its queue key (<c>callback:&lt;id&gt;</c>), not a call, and the worker is
    /// called first (agent-first). Null for a caller on the line.
    /// </summary>
    public AssignedCallback? Callback { get; init; }
}
