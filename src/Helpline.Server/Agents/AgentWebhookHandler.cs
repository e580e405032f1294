using System.Runtime.CompilerServices;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Data;
using Helpline.Data.Calls;
using Helpline.Data.Routing;
using Helpline.Server.Flows;
using Helpline.Twilio.TwiML;
using Helpline.Twilio.Webhooks;
using Microsoft.Extensions.Options;
using Helpline.Server.Hosting;
using Helpline.Server.Storage;
using Helpline.Server.Voice;

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
/// connected when PostgreSQL is down or slow: its writes are then journaled and replayed in order. The worker's leg
/// never gets the caller's TwiML: at worst it is connected without a whisper, or told the caller hung up.
/// </remarks>
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

    /// <summary>The caller's call, redirected by the dispatcher: dial the worker of <paramref name="offer"/>.</summary>
    public async Task<string> AgentAsync(OfferToken? offer, VoiceWebhookRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (offer is null || !request.HasValidCallSid)
        {
            LogDamaged(logger, "agent");
            return Emergency(flows.Current);
        }

        var step = offer.Step;
        var phone = offer.WorkerPhone;
        bool? current = null;
        try
        {
            current = await routing.IsOfferCurrentAsync(request.CallSid!, offer.WorkerId, ct);

            // URLs from an older build carry only the worker: read the rest.
            step ??= await calls.GetAsync(request.CallSid!, ct) is { } snapshot ? new StepToken(snapshot.FlowHash, snapshot.State, snapshot.Step, snapshot.Attempt) : null;
            if (current == true)
            {
                phone ??= (await routing.ListWorkersAsync(ct)).FirstOrDefault(w => w.Id == offer.WorkerId)?.Phone;
            }
        }
        catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
        {
            // The offer's own URL says who and where: connect the caller, the database can catch up.
            LogStorageFault(logger, ex, "agent", request.CallSid!);
        }

        if (current == false)
        {
            LogStaleOffer(logger, request.CallSid!);
            return BackToQueue(step is null ? null : flows.Find(step.FlowHash) ?? await FindFlowSafelyAsync(step.FlowHash, ct), step);
        }

        var flow = step is null ? null : flows.Find(step.FlowHash) ?? await FindFlowSafelyAsync(step.FlowHash, ct);
        if (flow is null || step is null || phone is null)
        {
            LogDamaged(logger, "agent");
            return Emergency(flow ?? flows.Current);
        }

        var settings = routingOptions.Value;
        var full = offer with { WorkerPhone = phone, Step = step };
        var whisper = new OfferToken(offer.WorkerId, null, offer.MenuChoice, offer.JoinedAt, step);
        return new VoiceResponse()
            .Dial(phone,
                new DialOptions { Action = $"{_base}/voice/agent/result?{full.ToQuery()}", Method = "POST", Timeout = settings.RingSeconds, CallerId = settings.CallerId },
                whisperUrl: $"{_base}/voice/agent/whisper?{whisper.ToQuery()}&c={Uri.EscapeDataString(request.CallSid!)}", whisperMethod: "POST")
            .ToXml();
    }

    /// <summary>
    /// Runs on the worker's phone when they pick up: records the pick-up and says what the caller chose. When the caller
    /// hung up meanwhile, the worker is told so and their leg ends. The database being down or slow never stops the
    /// connection: the whisper is said from the URL and the pick-up journaled.
    /// </summary>
    public async Task<string> WhisperAsync(OfferToken? offer, string? callerSid, CancellationToken ct)
    {
        var response = new VoiceResponse();
        if (offer is null || callerSid is null || !new VoiceWebhookRequest { CallSid = callerSid }.HasValidCallSid)
        {
            LogDamaged(logger, "agent/whisper");
            return response.ToXml(); // nothing to say: the worker is connected
        }

        var now = time.GetUtcNow();
        var (choice, waited) = (offer.MenuChoice, offer.WaitedSeconds(now));
        // Null: journaled (the database is down or slow): connect the worker anyway, the replay records the pick-up.
        var picked = await voice.WriteAsync(
            async () => new StrongBox<bool>(await routing.WorkerPickedUpAsync(callerSid, offer.WorkerId, now, ct)),
            () => JournalEntry.PickedUp(callerSid, offer.WorkerId, now), "agent/whisper", callerSid);
        var current = picked?.Value;
        if (current == true && waited is null)
        {
            try
            {
                if (await routing.CurrentCallAsync(offer.WorkerId, ct) is { } call)
                {
                    (choice, waited) = (call.MenuChoice, call.WaitSeconds); // a URL from an older build
                }
            }
            catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
            {
                LogStorageFault(logger, ex, "agent/whisper", callerSid);
            }
        }

        var flow = offer.Step is { } step ? flows.Find(step.FlowHash) ?? await FindFlowSafelyAsync(step.FlowHash, ct) : null;
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

        if (queue?.WhisperFor(choice, waited ?? 0) is { } text)
        {
            response.Say(text, flow!.Definition.Language, flow.Definition.Voice);
        }

        return response.ToXml();
    }

    /// <summary>The end of the dial to the worker, on the caller's call: the one place that decides the offer's outcome.</summary>
    public async Task<string> ResultAsync(OfferToken? offer, VoiceWebhookRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = offer?.Step;
        var flow = token is null ? null : flows.Find(token.FlowHash) ?? await FindFlowSafelyAsync(token.FlowHash, ct);
        if (offer is null || token is null || flow is null || !request.HasValidCallSid)
        {
            LogDamaged(logger, "agent/result");
            return Emergency(flow ?? flows.Current);
        }

        var now = time.GetUtcNow();
        var outcome = OutcomeOf(request);
        var settings = routingOptions.Value;
        var entry = new OfferEntry(offer.WorkerId, now, outcome, settings.AutoPauseAfter, now.AddSeconds(settings.WrapUpSeconds), request.DialCallDuration);
        var stored = await voice.WriteAsync(
            async () => new StrongBox<OfferResult>(await routing.DialOutcomeAsync(request.CallSid!, offer.WorkerId, outcome, entry.AutoPauseAfter, entry.WrapUpUntil!.Value, entry.TalkSeconds, now, ct)),
            () => JournalEntry.DialEnded(request.CallSid!, entry), "agent/result", request.CallSid!);
        // Journaled (null): act on what the provider says; the replay will write the same decision.
        var result = stored?.Value ?? outcome switch
        {
            DialOutcome.Bridged => OfferResult.Answered,
            DialOutcome.CallerGone => OfferResult.Abandoned,
            _ => OfferResult.BackInQueue,
        };

        var detail = new { request.DialCallStatus, request.DialCallDuration, request.DialBridged, request.CallStatus, WorkerId = offer.WorkerId, Outcome = outcome.ToString() };
        switch (result)
        {
            case OfferResult.Answered:
                return await voice.AdvanceAsync(token, request, "agent", (_, _) => FlowTriggers.Answered, detail, reportsThePast: true, ct);
            case OfferResult.Abandoned:
                LogCallerGone(logger, request.CallSid!, offer.WorkerId);
                return await voice.CallerLeftQueueAsync(token, request, "agent", detail, ct);
            case OfferResult.BackInQueue:
                LogMissed(logger, request.CallSid!, offer.WorkerId, request.DialCallStatus);
                return BackToQueue(flow, token);
            default:
                // Nothing current: already decided (a repeated outcome, or an offer taken back meanwhile).
                LogStaleOffer(logger, request.CallSid!);
                return outcome == DialOutcome.CallerGone ? renderer.Hangup() : BackToQueue(flow, token);
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
        if (request.DialCallStatus is "completed" or "answered" && request.DialBridged != false)
        {
            return DialOutcome.Bridged;
        }

        return request.CallStatus is "completed" or "canceled" or "busy" or "failed" or "no-answer" || request.DialCallStatus == "canceled"
            ? DialOutcome.CallerGone
            : DialOutcome.NotTaken;
    }

    /// <summary>
    /// The queue state's own instructions again (Enqueue with hold audio): the caller's entry is already back in line.
    /// A call that is no longer in a queue state (a stale or forged offer) gets the emergency message and the fallback
    /// transfer rather than whatever its state would say out of turn.
    /// </summary>
    private string BackToQueue(CompiledFlow? flow, StepToken? token)
    {
        if (flow is null || token is null || flow.Definition.FindState(token.State) is not QueueState)
        {
            LogNotQueued(logger, token?.State ?? "?");
            return Emergency(flow ?? flows.Current);
        }

        return renderer.Render(flow, flow.Current(new CallPosition(token.State, token.Attempt)), token);
    }

    private string Emergency(CompiledFlow flow) => renderer.Render(flow, flow.EmergencyFallback(), token: null);

    private async Task<CompiledFlow?> FindFlowSafelyAsync(string hash, CancellationToken ct)
    {
        try
        {
            return await versions.FindAsync(hash, ct);
        }
        catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
        {
            LogStorageFault(logger, ex, "agent", hash);
            return null;
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable or slow on the worker's leg ({Route}, {CallSid}): answered from the offer's URL, the write journaled")]
    private static partial void LogStorageFault(ILogger logger, Exception ex, string route, string callSid);
}
