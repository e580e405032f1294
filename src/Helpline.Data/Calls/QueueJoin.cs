namespace Helpline.Data.Calls;

/// <summary>
/// A step that puts the caller in a queue for the social workers: the queue entry is written in the same statement as
/// the step (one commit), and only while the call is still in progress.
/// </summary>
/// <param name="QueueName">The queue's name (the flow's <c>queue</c>).</param>
/// <param name="MenuChoice">The keys that led there, or null (no key: the menu's default).</param>
public sealed record QueueJoin(string QueueName, string? MenuChoice)
{
    /// <summary>
    /// A caller recognised as calling back after being cut off waits this long for the worker she spoke to before
    /// anyone may take her (<c>Helpline:Routing:RecallSameWorkerSeconds</c>); 0: no reservation.
    /// </summary>
    public int SameWorkerSeconds { get; init; }
}
