using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Data.Calls;
using Helpline.Data.Routing;
using Helpline.Server.Flows;
using Helpline.Server.Options;
using Helpline.Twilio.TwiML;
using Helpline.Twilio.Webhooks;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Voice;

/// <summary>
/// The steps of a queued call once the dispatcher has chosen a social worker: <c>/voice/agent</c> dials the worker
/// (with a whisper), <c>/voice/agent/whisper</c> tells the worker it is a helpline call and the caller's menu choice
/// (and marks the call answered), <c>/voice/agent/result</c> ends in wrap-up or, when the worker did not answer, puts
/// the caller back at the front of the queue.
/// </summary>
public sealed partial class AgentWebhookHandler(
    CallStore calls,
    RoutingStore routing,
    FlowVersionResolver versions,
    FlowRegistry flows,
    TwimlRenderer renderer,
    VoiceWebhookHandler voice,
    IOptions<RoutingOptions> routingOptions,
    IOptions<HelplineOptions> options,
    TimeProvider time,
    ILogger<AgentWebhookHandler> logger)
{
    private readonly string _base = (options.Value.PublicBaseUrl ?? string.Empty).TrimEnd('/');

    /// <summary>The caller's call, redirected by the dispatcher: dial worker <paramref name="workerId"/>.</summary>
    public async Task<string> AgentAsync(int? workerId, VoiceWebhookRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (flow, token) = await PositionAsync(request, ct);
        if (flow is null || token is null)
        {
            return renderer.Render(flows.Current, flows.Current.EmergencyFallback(), token: null);
        }

        var worker = workerId is null ? null : (await routing.ListWorkersAsync(ct)).FirstOrDefault(w => w.Id == workerId && w.CurrentCallSid == request.CallSid);
        if (worker is null)
        {
            LogStaleOffer(logger, request.CallSid!);
            return BackToQueue(flow, token);
        }

        var settings = routingOptions.Value;
        return new VoiceResponse()
            .Dial(worker.Phone,
                new DialOptions { Action = $"{_base}/voice/agent/result?w={worker.Id}&{token.ToQuery()}", Method = "POST", Timeout = settings.RingSeconds, CallerId = settings.CallerId },
                whisperUrl: $"{_base}/voice/agent/whisper?w={worker.Id}&c={Uri.EscapeDataString(request.CallSid!)}", whisperMethod: "POST")
            .ToXml();
    }

    /// <summary>Runs on the worker's phone when they pick up: marks the call answered and says what the caller chose.</summary>
    public async Task<string> WhisperAsync(int? workerId, string? callerSid, CancellationToken ct)
    {
        if (workerId is null || callerSid is null || !new VoiceWebhookRequest { CallSid = callerSid }.HasValidCallSid)
        {
            return new VoiceResponse().ToXml();
        }

        var entry = await routing.WorkerAnsweredAsync(callerSid, workerId.Value, time.GetUtcNow(), ct);
        var snapshot = await calls.GetAsync(callerSid, ct);
        var flow = snapshot is null ? null : await versions.FindAsync(snapshot.FlowHash, ct);
        var queue = flow?.Definition.FindState(snapshot!.State) as QueueState;
        var text = entry is { } e ? queue?.WhisperFor(e.MenuChoice, e.WaitSeconds) : null;
        var response = new VoiceResponse();
        if (text is not null)
        {
            response.Say(text, flow!.Definition.Language, flow.Definition.Voice);
        }

        return response.ToXml();
    }

    /// <summary>The end of the dial to the worker, on the caller's call.</summary>
    public async Task<string> ResultAsync(int? workerId, StepToken? token, VoiceWebhookRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var flow = token is null ? null : await versions.FindAsync(token.FlowHash, ct);
        if (workerId is null || token is null || flow is null || !request.HasValidCallSid)
        {
            return renderer.Render(flows.Current, flows.Current.EmergencyFallback(), token: null);
        }

        var now = time.GetUtcNow();
        if (request.DialCallStatus is "completed" or "answered")
        {
            await routing.WorkerAnsweredAsync(request.CallSid!, workerId.Value, now, ct); // no-op when the whisper already did it
            await routing.ConversationEndedAsync(request.CallSid!, now, now.AddSeconds(routingOptions.Value.WrapUpSeconds), ct);
            return await voice.AdvanceAsync(token, request, "agent", (_, _) => FlowTriggers.Answered, new { request.DialCallStatus, request.DialCallDuration, WorkerId = workerId }, ct);
        }

        await routing.WorkerMissedAsync(request.CallSid!, workerId.Value, routingOptions.Value.AutoPauseAfter, now, ct);
        LogMissed(logger, request.CallSid!, workerId.Value, request.DialCallStatus);
        return BackToQueue(flow, token);
    }

    /// <summary>
    /// The queue state's own instructions again (Enqueue with hold audio): the caller's entry is already back in line.
    /// A call that is no longer in a queue state (a stale or forged offer) gets the emergency message and the fallback
    /// transfer rather than whatever its state would say out of turn.
    /// </summary>
    private string BackToQueue(CompiledFlow flow, StepToken token)
    {
        if (flow.Definition.FindState(token.State) is not QueueState)
        {
            LogNotQueued(logger, token.State);
            return renderer.Render(flow, flow.EmergencyFallback(), token: null);
        }

        return renderer.Render(flow, flow.Current(new CallPosition(token.State, token.Attempt)), token);
    }

    private async Task<(CompiledFlow? Flow, StepToken? Token)> PositionAsync(VoiceWebhookRequest request, CancellationToken ct)
    {
        if (!request.HasValidCallSid || await calls.GetAsync(request.CallSid!, ct) is not { } snapshot)
        {
            return (null, null);
        }

        var flow = await versions.FindAsync(snapshot.FlowHash, ct);
        return flow is null ? (null, null) : (flow, new StepToken(flow.Hash, snapshot.State, snapshot.Step, snapshot.Attempt));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallSid} reached /voice/agent for an offer that is no longer current; back in the queue")]
    private static partial void LogStaleOffer(ILogger logger, string callSid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A worker's offer came back for a call in state {State}, not a queue: the caller gets the emergency message")]
    private static partial void LogNotQueued(ILogger logger, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} did not take call {CallSid} ({Status}); the caller is back at the front of the queue")]
    private static partial void LogMissed(ILogger logger, string callSid, int workerId, string? status);
}
