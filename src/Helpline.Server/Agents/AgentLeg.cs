using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Data;
using Helpline.Data.Calls;
using Helpline.Data.Routing;
using Helpline.Server.Callers;
using Helpline.Server.Flows;
using Helpline.Server.Observability;
using Helpline.Server.Storage;
using Helpline.Server.Voice;
using Helpline.Twilio.TwiML;
using Helpline.Twilio.Webhooks;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Agents;

/// <summary>
/// The steps of a queued call once the dispatcher has chosen a social worker: <c>/voice/agent</c> dials the worker
/// (with a whisper), <c>/voice/agent/whisper</c> runs on the <em>worker's</em> phone when they pick up and says the
/// caller's menu choice, <c>/voice/agent/result</c> — the worker's <c>&lt;Dial&gt;</c> outcome, on the caller's call —
/// decides the offer: answered only when the two legs were bridged; abandoned (no miss for the worker) when the caller
/// was already gone; otherwise a miss, and the caller goes back to the front of the queue.
/// </summary>
/// <remarks>
/// What each step needs travels in our signed URLs (<see cref="OfferToken"/>), so a caller given to a worker is still
/// connected when PostgreSQL is down or slow: its writes are then journaled and replayed in order
/// (<see cref="CallWriter"/>). The worker's leg never gets the caller's TwiML: at worst it is connected without a
/// whisper, or told the caller hung up.
/// </remarks>
internal sealed partial class AgentLeg(
    CallStore calls,
    RoutingStore routing,
    FlowVersionResolver versions,
    FlowRegistry flows,
    TwimlRenderer renderer,
    VoiceRoutes routes,
    StepService steps,
    CallWriter writer,
    CallerIdPolicy callerIds,
    StorageBudget budget,
    HelplineMetrics metrics,
    IOptions<RoutingOptions> options,
    TimeProvider time,
    ILogger<AgentLeg> logger)
{
    /// <summary>The caller's call, redirected by the dispatcher: dial the worker of the offer.</summary>
    public async Task<string> DialAsync(AgentWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var request = webhook.Request;
        if (webhook.Offer is not { } offer || !request.HasValidCallSid)
        {
            return steps.Emergency(flows.Current, "agent", request);
        }

        var sid = request.CallSid!;
        var step = offer.Step;
        var phone = offer.WorkerPhone;
        bool? current = null;
        using (var within = budget.Start())
        {
            try
            {
                current = await routing.IsOfferCurrentAsync(sid, offer.WorkerId, within.Token);

                // URLs from an older build carry only the worker: read the rest.
                step ??= await calls.GetAsync(sid, within.Token) is { } snapshot ? new StepToken(snapshot.FlowHash, snapshot.State, snapshot.StepNumber, snapshot.MenuReplays) : null;
                if (current == true)
                {
                    phone ??= (await routing.ListWorkersAsync(within.Token)).FirstOrDefault(w => w.Id == offer.WorkerId)?.Phone;
                }
            }
            catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
            {
                // The offer's own URL says who and where: connect the caller, the database can catch up.
                metrics.StorageFault("agent");
                LogStorageFault(logger, ex, "agent", sid);
            }
        }

        var flow = step is null ? null : await versions.FindAsync(step.FlowHash);
        if (current == false)
        {
            LogStaleOffer(logger, sid);
            return BackToQueue(flow, step, request);
        }

        if (flow is null || step is null || phone is null)
        {
            return steps.Emergency(flow ?? flows.Current, "agent", request);
        }

        var full = offer with { WorkerPhone = phone, Step = step };
        // The worker's phone shows the helpline's number, never the caller's: a worker's call log must hold no victim's number.
        var callerId = callerIds.ForWorker(request.From, request.To);
        return new VoiceResponse()
            .Dial(phone,
                new DialOptions { Action = routes.AgentResultUrl(full), Method = "POST", Timeout = options.Value.RingSeconds, CallerId = callerId },
                whisperUrl: routes.WhisperUrl(full, sid), whisperMethod: "POST")
            .ToXml();
    }

    /// <summary>
    /// Runs on the worker's phone when they pick up: records the pick-up and says what the caller chose. When the caller
    /// hung up meanwhile, the worker is told so and their leg ends. The database being down or slow never stops the
    /// connection: the whisper is said from the URL and the pick-up journaled.
    /// </summary>
    public async Task<string> WhisperAsync(AgentWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var response = new VoiceResponse();
        if (webhook is not { Offer: { } offer, CallerSid: { } callerSid } || !new VoiceWebhookRequest { CallSid = callerSid }.HasValidCallSid)
        {
            LogDamaged(logger, "agent/whisper");
            return response.ToXml(); // nothing to say: the worker is connected
        }

        var now = time.GetUtcNow();
        var (choice, waited, tags) = (offer.MenuChoice, offer.WaitedSeconds(now), offer.Tags);
        var current = await writer.PickedUpAsync(callerSid, offer.WorkerId, offer.OfferNumber, now); // null: journaled, connect the worker anyway
        if (current == true && (waited is null || tags is null))
        {
            using var within = budget.Start();
            try
            {
                if (await routing.CurrentCallAsync(offer.WorkerId, within.Token) is { } call)
                {
                    (choice, waited, tags) = (choice ?? call.MenuChoice, waited ?? call.WaitSeconds, tags ?? call.Tags); // a URL from an older build
                }
            }
            catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
            {
                metrics.StorageFault("agent/whisper");
                LogStorageFault(logger, ex, "agent/whisper", callerSid);
            }
        }

        var flow = offer.Step is { } step ? await versions.FindAsync(step.FlowHash) : null;
        var queue = offer.Step is { } s ? flow?.Definition.FindState(s.State) as QueueState : null;
        if (current == false)
        {
            LogCallerGone(logger, callerSid, offer.WorkerId);
            if (queue?.WhisperCallerGone is { } gone)
            {
                response.Say(gone, flow!.Definition.Language, flow.Definition.Voice);
            }

            return response.Hangup().ToXml();
        }

        if (queue?.WhisperFor(choice, waited ?? 0, flow!.Definition.TagWhispers(tags ?? [])) is { } text)
        {
            response.Say(text, flow!.Definition.Language, flow.Definition.Voice);
        }

        return response.ToXml();
    }

    /// <summary>The end of the dial to the worker, on the caller's call: the one place that decides the offer's outcome.</summary>
    public async Task<string> ResultAsync(AgentWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var request = webhook.Request;
        var token = webhook.Offer?.Step;
        var flow = token is null ? null : await versions.FindAsync(token.FlowHash);
        if (webhook.Offer is not { } offer || token is null || flow is null || !request.HasValidCallSid)
        {
            return steps.Emergency(flow ?? flows.Current, "agent/result", request);
        }

        var now = time.GetUtcNow();
        var outcome = OutcomeOf(request);
        var settings = options.Value;
        var entry = new OfferEntry(offer.WorkerId, now, outcome, settings.AutoPauseAfter, now.AddSeconds(settings.WrapUpSeconds), request.DialCallDuration, offer.OfferNumber);
        // Journaled (null): act on what the provider says; the replay will write the same decision.
        var result = await writer.DialEndedAsync(request.CallSid!, entry) ?? outcome switch
        {
            DialOutcome.Bridged => OfferResult.Answered,
            DialOutcome.CallerGone => OfferResult.Abandoned,
            _ => OfferResult.BackInQueue,
        };

        var detail = new { request.DialCallStatus, request.DialCallDuration, request.DialBridged, request.CallStatus, offer.WorkerId, Outcome = outcome.ToString() };
        switch (result)
        {
            case OfferResult.Answered:
                return await steps.FireAsync(webhook.CallersLeg, "agent", (_, _) => FlowTriggers.Answered, detail, reportsThePast: true);
            case OfferResult.Abandoned:
                LogCallerGone(logger, request.CallSid!, offer.WorkerId);
                return await steps.CallerLeftQueueAsync(webhook.CallersLeg, "agent", detail);
            case OfferResult.BackInQueue:
                metrics.OfferMissed();
                LogMissed(logger, request.CallSid!, offer.WorkerId, request.DialCallStatus);
                return BackToQueue(flow, token, request);
            default:
                // Nothing current: already decided (an offer taken back meanwhile).
                LogStaleOffer(logger, request.CallSid!);
                return outcome == DialOutcome.CallerGone ? TwimlRenderer.Hangup() : BackToQueue(flow, token, request);
        }
    }

    /// <summary>
    /// What the worker's dial outcome says, in the router's terms. Bridged: <c>DialCallStatus</c> completed (or answered)
    /// and <c>DialBridged</c> not false. Caller gone: the caller's own <c>CallStatus</c> is over, or the dial was
    /// canceled (we never cancel a worker's leg ourselves: the caller's hang-up did). Anything else, with the caller
    /// still there, is the worker's miss.
    /// </summary>
    internal static DialOutcome OutcomeOf(VoiceWebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (DialCallStatuses.WasAnswered(request.DialCallStatus) && request.DialBridged != false)
        {
            return DialOutcome.Bridged;
        }

        return CallStatuses.IsFinal(request.CallStatus) || request.DialCallStatus == DialCallStatuses.Canceled
            ? DialOutcome.CallerGone
            : DialOutcome.NotTaken;
    }

    /// <summary>
    /// The queue state's own instructions again (Enqueue with hold audio): the caller's entry is already back in line.
    /// A call that is no longer in a queue state (a stale or forged offer) gets the emergency message and the fallback
    /// transfer rather than whatever its state would say out of turn.
    /// </summary>
    private string BackToQueue(CompiledFlow? flow, StepToken? token, VoiceWebhookRequest request)
    {
        if (flow is null || token is null || flow.Definition.FindState(token.State) is not QueueState)
        {
            LogNotQueued(logger, token?.State ?? "?");
            return steps.Emergency(flow ?? flows.Current, "agent", request);
        }

        return renderer.Render(flow, flow.Current(token.Position), token, steps.TransferCallerId(request));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallSid} reached the worker's leg for an offer that is no longer current")]
    private static partial void LogStaleOffer(ILogger logger, string callSid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A worker's offer came back for a call in state {State}, not a queue: the caller gets the emergency message")]
    private static partial void LogNotQueued(ILogger logger, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} did not take call {CallSid} ({Status}); the caller is back at the front of the queue")]
    private static partial void LogMissed(ILogger logger, string callSid, int workerId, string? status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallSid} hung up before it was bridged to worker {WorkerId}: abandoned, not the worker's miss")]
    private static partial void LogCallerGone(ILogger logger, string callSid, int workerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Damaged or incomplete {Route} webhook (offer URL or CallSid)")]
    private static partial void LogDamaged(ILogger logger, string route);

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable or slow on the worker's leg ({Route}, {CallSid}): answered from the offer's URL")]
    private static partial void LogStorageFault(ILogger logger, Exception ex, string route, string callSid);
}
