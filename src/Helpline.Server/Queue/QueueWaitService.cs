using System.Collections.Concurrent;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
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
/// ends): the hold prompt, with the position and an estimated wait every <c>announce-every-seconds</c>; or
/// <c>&lt;Leave&gt;</c> — which sends the call to the queue state's overflow branch — once the flow's maximum wait
/// has passed, when nobody can come (no worker available, ringing, on a call or in wrap-up) for
/// <see cref="RoutingOptions.NobodyCanComeSeconds"/> since the later of the caller's arrival and the moment nobody
/// could come (or routing is off: <see cref="RoutingReadiness"/>), or when our database cannot say (without it nobody can
/// be routed to the caller). A caller nobody can come to hears no estimate. The answer is read, never written: a hold
/// poll is not a step.
/// </summary>
/// <remarks>Thread-safe (singleton). Announcement times are remembered per instance: a caller moved to another instance hears one a little early.</remarks>
internal sealed partial class QueueWaitService(
    FlowVersionResolver versions,
    RoutingStore routing,
    RoutingReadiness readiness,
    TwimlRenderer renderer,
    StorageBudget budget,
    IOptions<RoutingOptions> options,
    TimeProvider time,
    ILogger<QueueWaitService> logger)
{
    private readonly ConcurrentDictionary<string, int> _announced = new(StringComparer.Ordinal);

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
        string? announcement;
        try
        {
            var now = time.GetUtcNow();
            var joined = now.AddSeconds(-Math.Max(0, request.QueueTime ?? 0));
            // With routing off (no public URL or account to redirect callers with), nobody can ever come.
            if ((readiness.CanRoute ? await routing.NobodyCanComeSinceAsync(within.Token) : DateTimeOffset.MinValue) is { } since)
            {
                var graceFrom = since > joined ? since : joined;
                return now - graceFrom >= TimeSpan.FromSeconds(options.Value.NobodyCanComeSeconds) ? TwimlRenderer.Leave() : renderer.Hold(flow, position);
            }

            // Self-healing: a caller whose queue join was lost (the step was journaled and not replayed yet) is put in
            // the queue now, keeping the place their wait earned, or nobody would offer them to a worker. A caller
            // already there is left as they are, and a call already over is never queued again.
            if (webhook.CallSid is { } sid && flow.Definition.FindState(position.State) is QueueState queue)
            {
                await routing.JoinQueueAsync(sid, queue.QueueName, null, joined, within.Token, options.Value.RecallSameWorkerSeconds);
            }

            announcement = await AnnouncementAsync(flow, position, webhook, within.Token);
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

        return renderer.Hold(flow, position, announcement);
    }

    /// <summary>The caller left the queue (the Enqueue action came): forget when they last heard an announcement.</summary>
    public void Forget(string? callSid)
    {
        if (callSid is not null)
        {
            _announced.TryRemove(callSid, out _);
        }
    }

    /// <summary>
    /// The caller's position and estimated wait, when the queue state announces them and the last announcement to this
    /// caller is at least its interval old; null when nobody can come (no estimate nobody can keep).
    /// </summary>
    private async Task<string?> AnnouncementAsync(CompiledFlow flow, CallPosition position, VoiceWebhook webhook, CancellationToken ct)
    {
        if (flow.Definition.FindState(position.State) is not QueueState { Announce: not null } queue || webhook.CallSid is not { } sid)
        {
            return null;
        }

        var waited = webhook.Request.QueueTime ?? 0;
        if (_announced.TryGetValue(sid, out var last) && waited - last < queue.AnnounceEverySeconds)
        {
            return null;
        }

        if (await routing.PositionAsync(sid, ct) is not { } rank || await routing.EstimatedWaitMinutesAsync(rank, time.GetUtcNow(), ct) is not { } minutes)
        {
            return null;
        }

        if (_announced.Count > 10_000)
        {
            _announced.Clear(); // callers who left without a queue result; forgetting only makes an announcement come early
        }

        _announced[sid] = waited;
        return queue.AnnouncementFor(rank, minutes);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable or slow during a hold poll of call {CallSid}")]
    private static partial void LogStorageFault(ILogger logger, Exception ex, string callSid);
}
