namespace Helpline.Core.Queue;

/// <summary>Why <see cref="WaitEstimate.For"/> gave an estimate, or why it gave none (for logs and tests: a caller hears the range or nothing).</summary>
public enum WaitEstimateReason
{
    /// <summary>Enough recent calls, close enough to each other, someone coming, and the range ends within the wait allowed.</summary>
    Trustworthy,

    /// <summary>No social worker can come (everyone paused or offline): no wait can be promised.</summary>
    NobodyComing,

    /// <summary>Fewer than <see cref="WaitEstimate.MinimumHistory"/> answered calls within <see cref="WaitEstimate.Window"/>.</summary>
    TooLittleHistory,

    /// <summary>Recent calls' durations too far apart (<see cref="WaitEstimate.MaximumRelativeSpread"/>) for a useful range.</summary>
    HistoryTooSpread,

    /// <summary>The range as spoken (its upper end in whole minutes) would end after the flow's maximum wait: the caller may be sent to the overflow before that.</summary>
    BeyondTheMaximumWait,
}
