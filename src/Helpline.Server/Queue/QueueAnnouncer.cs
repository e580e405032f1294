using Helpline.Core.Flows;
using Helpline.Core.Queue;
using Helpline.Data;
using Helpline.Data.Routing;

namespace Helpline.Server.Queue;

/// <summary>
/// What a waiting caller is told of her place and wait at a hold poll, in the flow's words
/// (<see cref="QueueAnnouncements"/>): her position the first time, then only when it is lower than the last one she
/// heard, at most every <c>announce-every-seconds</c> (Asterisk's <c>announce-position-only-up</c>), with the estimated
/// wait when <see cref="WaitEstimate.For"/> finds it trustworthy. What she last heard is kept with her queue entry
/// (<see cref="RoutingStore.AnnouncePositionAsync"/>), so the rule holds whichever instance answers her polls.
/// </summary>
/// <remarks>
/// Thread-safe (singleton). Best effort: a slow or failing database means no announcement this time, never silence
/// (the hold prompt is still played) and never an error. Everything that can fail is read before the announcement is
/// recorded, so a recorded announcement is one that is returned to be spoken.
/// </remarks>
internal sealed partial class QueueAnnouncer(RoutingStore routing, WaitHistory history, TimeProvider time, ILogger<QueueAnnouncer> logger)
{
    /// <summary>
    /// The words to say before the hold prompt, or null. <paramref name="workersComing"/> is the number of workers who
    /// can come (read by the same poll); <paramref name="waitedSeconds"/> the provider's <c>QueueTime</c>, which the
    /// flow's maximum wait is counted on.
    /// </summary>
    public async Task<string?> AnnouncementAsync(QueueState queue, string callSid, int workersComing, int waitedSeconds, CancellationToken ct)
    {
        if (queue.Announcements is not { } texts)
        {
            return null;
        }

        try
        {
            var recent = texts.Estimate is null ? [] : await history.RecentAsync(ct);
            var now = time.GetUtcNow();
            if (await routing.AnnouncePositionAsync(callSid, now, queue.AnnounceEverySeconds, ct) is not { } position)
            {
                return null;
            }

            var outcome = WaitEstimate.For(new WaitEstimateInputs(position, workersComing, recent, now, queue.MaxWaitSeconds - waitedSeconds));
            LogAnnounced(logger, callSid, position, outcome.Reason);
            return texts.For(position, outcome.Estimate);
        }
        catch (OperationCanceledException ex)
        {
            LogSkipped(logger, ex, callSid);
            return null;
        }
        catch (Exception ex) when (StorageFault.Is(ex))
        {
            LogSkipped(logger, ex, callSid);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Call {CallSid} told its queue position {Position}; wait estimate: {Estimate}")]
    private static partial void LogAnnounced(ILogger logger, string callSid, int position, WaitEstimateReason estimate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No queue announcement for call {CallSid}: the database is unavailable or slow (the hold prompt is played)")]
    private static partial void LogSkipped(ILogger logger, Exception ex, string callSid);
}
