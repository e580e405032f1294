namespace Helpline.Core.Routing;

/// <summary>
/// When a caller is recognised as calling back after being cut off (issue "Discretion and continuity", item 4): her
/// latest earlier call ended at most <see cref="Window"/> before this one, and it ended abruptly — she hung up while
/// waiting for a worker, while a worker's phone rang or during the whisper (queue entry <c>abandoned</c>), or after a
/// conversation shorter than <see cref="ShortCall"/> (the violent partner may have come back), or it was itself a
/// recall that ended before she reached the queue (cut off again in the menu: she is still waiting to be heard since her
/// first cut-off). A recall cut off again without a conversation, in the menu or while waiting, passes on the worker it
/// was kept for. She is then tagged
/// <see cref="Flows.CallTags.Recall"/>, goes to the front of the queue (<see cref="QueueOrder"/>), and is reserved for
/// the worker she spoke to for <see cref="SameWorker"/> after she joins. A withheld number cannot be recognised.
/// </summary>
/// <param name="Window">How recent the earlier call must be (<c>Helpline:Routing:RecallWindowMinutes</c>, 30 min).</param>
/// <param name="ShortCall">A conversation shorter than this was cut off (<c>RecallShortCallSeconds</c>, 60 s).</param>
/// <param name="SameWorker">How long she waits for the worker she spoke to (<c>RecallSameWorkerSeconds</c>, 20 s).</param>
/// <remarks>The router applies the same rule in SQL when the call is created (one round trip); a parity test checks both with the tables of <c>RecallRuleTests</c>.</remarks>
public sealed record RecallRule(TimeSpan Window, TimeSpan ShortCall, TimeSpan SameWorker)
{
    /// <summary>
    /// Whether a call at <paramref name="now"/> after <paramref name="previous"/> is a recall, and the worker she
    /// spoke to (null when she never spoke to one, or it is not a recall).
    /// </summary>
    public (bool IsRecall, int? SameWorker) Decide(PreviousCall? previous, DateTimeOffset now)
    {
        if (previous is null || Window <= TimeSpan.Zero || previous.EndedAt > now || now - previous.EndedAt > Window)
        {
            return (false, null);
        }

        return previous.QueueStatus switch
        {
            "abandoned" => (true, previous.RecallWorkerId), // a recall cut off again while waiting still waits for her worker
            "answered" when previous is { AnsweredAt: { } answered, QueueEndedAt: { } ended } && ended - answered < ShortCall => (true, previous.WorkerId),
            null when previous.WasRecall => (true, previous.RecallWorkerId),
            _ => (false, null),
        };
    }
}
