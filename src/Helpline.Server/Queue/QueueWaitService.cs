using Helpline.Core.Flows;
using Helpline.Data;
using Helpline.Data.Routing;
using Helpline.Server.Agents;
using Helpline.Server.Flows;
using Helpline.Server.Storage;
using Helpline.Server.Voice;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Queue;

/// <summary>
/// What a waiting caller hears (<c>/voice/queue/wait</c>, the Enqueue wait URL, requested again each time its answer
/// ends): the hold prompt, after her position and estimated wait when they are due (<see cref="QueueAnnouncer"/>); or
/// <c>&lt;Leave&gt;</c> — which sends the call to the queue state's overflow branch — once the flow's maximum wait
/// has passed, when nobody can come (no worker available, ringing, on a call or in wrap-up) for
/// <see cref="RoutingOptions.NobodyCanComeSeconds"/> since the later of the caller's arrival and the moment nobody
/// could come (or routing is off: <see cref="RoutingReadiness"/>), or when our database cannot say (without it nobody can
/// be routed to the caller). A caller nobody can come to hears no announcement. A hold poll is not a step: it writes
/// only the queue entry of a caller whose join was lost, and what she was last told of her position.
/// </summary>
/// <remarks>Thread-safe (singleton); keeps nothing in memory about callers (a caller's polls may reach any instance).</remarks>
internal sealed partial class QueueWaitService(
    FlowVersionResolver versions,
    RoutingStore routing,
    RoutingReadiness readiness,
    QueueAnnouncer announcer,
    TwimlRenderer renderer,
    VoiceRoutes routes,
    StorageBudget budget,
    IOptions<RoutingOptions> options,
    TimeProvider time,
    ILogger<QueueWaitService> logger)
{
    /// <summary>The answer to a hold poll.</summary>
    public async Task<string> HoldAsync(VoiceWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var request = webhook.Request;
        var flow = webhook.Step is { } token ? await versions.FindAsync(token.FlowHash) : null;
        var position = webhook.Step?.Position ?? default;
        var maxWait = flow?.MaxWaitSeconds(position);
        if (flow is null || maxWait is null || request.QueueTime >= maxWait)
        {
            return TwimlRenderer.Leave();
        }

        using var within = budget.Start();
        var queue = flow.Definition.FindState(position.State) as QueueState;
        int coming;
        try
        {
            var now = time.GetUtcNow();
            var joined = now.AddSeconds(-Math.Max(0, request.QueueTime ?? 0));
            // With routing off (no public URL or account to redirect callers with), nobody can ever come.
            var workers = readiness.CanRoute ? await routing.WorkersComingAsync(within.Token) : new WorkersComing(0, DateTimeOffset.MinValue);
            if (workers.NobodySince is { } since)
            {
                var graceFrom = since > joined ? since : joined;
                return now - graceFrom >= TimeSpan.FromSeconds(options.Value.NobodyCanComeSeconds) ? TwimlRenderer.Leave() : renderer.Hold(flow, position);
            }

            coming = workers.Count;
            // Self-healing: a caller whose queue join was lost (the step was journaled and not replayed yet) is put in
            // the queue now, keeping the place their wait earned, or nobody would offer them to a worker. A caller
            // already there is left as they are, and a call already over is never queued again.
            if (webhook.CallSid is { } sid && queue is not null)
            {
                await routing.JoinQueueAsync(sid, queue.QueueName, null, joined, within.Token, options.Value.RecallSameWorkerSeconds);
            }
        }
        catch (OperationCanceledException ex)
        {
            // Slow, not down: keep the caller waiting with hold audio; the next poll tries again.
            LogStorageFault(logger, ex, webhook.CallSid ?? "?");
            return renderer.Hold(flow, position);
        }
        catch (Exception ex) when (StorageFault.Is(ex))
        {
            LogStorageFault(logger, ex, webhook.CallSid ?? "?");
            return TwimlRenderer.Leave();
        }

        var announcement = queue is not null && webhook.CallSid is { } caller
            ? await announcer.AnnouncementAsync(queue, caller, coming, request.QueueTime ?? 0, within.Token)
            : null;
        // Issue 13: after the flow's delay, the hold audio also offers a call-back (a key inside the wait answer's Gather).
        if (queue?.Callback is { } callback && (request.QueueTime ?? 0) >= callback.OfferAfterSeconds && webhook.Step is { } step)
        {
            return renderer.HoldWithOffer(flow, position, announcement, flow.Speak(callback.Offer), routes.CallbackUrl(step, Callbacks.CallbackDialogue.Offer));
        }

        return renderer.Hold(flow, position, announcement);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable or slow during a hold poll of call {CallSid}")]
    private static partial void LogStorageFault(ILogger logger, Exception ex, string callSid);
}
