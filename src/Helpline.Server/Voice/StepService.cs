using System.Text.Json;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Data.Calls;
using Helpline.Server.Callers;
using Helpline.Server.Flows;
using Helpline.Server.Hours;
using Helpline.Server.Storage;
using Helpline.Twilio.Webhooks;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Voice;

/// <summary>
/// One step of a call's flow per webhook: builds the Stateless machine around the call's position (from the step
/// token of the webhook's URL, on the call's own flow version), fires the webhook's trigger, renders the TwiML and
/// stores the step — call row, events, queue entry and its NOTIFY — in one statement and one commit (through
/// <see cref="CallWriter"/>, which journals it when PostgreSQL fails). A webhook the provider repeats is answered with
/// the answer already given; one that arrives after the call's end and asks for something new is recorded and
/// answered with a hang-up.
/// </summary>
/// <remarks>Thread-safe (singleton); a call's concurrent webhooks are serialised by its database row.</remarks>
internal sealed partial class StepService(
    FlowRegistry flows,
    FlowVersionResolver versions,
    TwimlRenderer renderer,
    CallWriter writer,
    HoursOverrideService hours,
    CallerHasher hasher,
    CallerIdPolicy callerIds,
    Callbacks.CallbackCancellation cancellation,
    IOptions<Agents.RoutingOptions> routing,
    IOptions<CallersOptions> callers,
    SaturationService saturation,
    ChallengeCode codes,
    TimeProvider time,
    ILogger<StepService> logger)
{
    /// <summary>A new call (<c>/voice/incoming</c>): the flow's start, on the current flow version.</summary>
    public async Task<string> StartAsync(VoiceWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var flow = flows.Current;
        var request = webhook.Request;
        if (webhook.CallSid is not { } sid)
        {
            return Emergency(flow, "incoming", request);
        }

        var now = time.GetUtcNow();
        var step = flow.Start(Context(now));
        var token = new StepToken(flow.Hash, step.Position.State, 1, step.Position.MenuReplays);
        var twiml = renderer.Render(flow, step.Instructions, token, TransferCallerId(request));
        var events = new List<CallEventRecord> { Webhook("incoming", null, new { request.CallStatus, request.Direction }) };
        events.AddRange(Transitions(step));
        var recall = routing.Value.Recall;
        var limits = callers.Value;
        var call = new NewCall(sid, request.AccountSid, hasher.Hash(request.From), hasher.NumberToStore(request.From), request.To, flow.Name, flow.Hash, now)
        {
            Recall = new RecallSettings((int)recall.Window.TotalSeconds, (int)recall.ShortCall.TotalSeconds),
            // A flow without a challenge block cannot challenge anyone (saturation mode is refused for it; the hourly
            // limit then only alerts).
            Policy = new CallerPolicySettings(saturation.Active is not null && flow.Definition.Challenge is not null, limits.MaxCallsPerHour,
                limits.OverLimit == "challenge" && flow.Definition.Challenge is not null),
        };
        var challenge = ChallengeTwiml(flow, step, token, sid);
        var first = new CallAdvance(step.Position.State, 1, step.Position.MenuReplays, step.Outcome, twiml, now, events, JoinOf(step))
        {
            Tags = step.Tags,
            ChallengeTwiml = challenge,
        };
        var result = await writer.StartAsync(call, first);
        if (result is null)
        {
            // Flags, the hourly count and saturation are decided by the call's creation statement: without it the call
            // goes through — our fault must never block a victim.
            LogPoliciesUnchecked(logger, sid);
        }
        else if (result is { Created: true, Policy: var policy })
        {
            if (policy.CallsInLastHour + 1 > limits.MaxCallsPerHour)
            {
                LogOverLimit(logger, sid, policy.CallsInLastHour + 1, limits.MaxCallsPerHour); // never the number, nor its hash
            }

            if (policy.Blocked)
            {
                return await BlockAsync(flow, webhook, step, policy.FlagId, now);
            }

            if (policy.ChallengeRequired && challenge is not null && step.Joined is not null)
            {
                return challenge; // a flow whose first step queues: the statement kept her out and stored the challenge
            }
        }

        if (result is { Created: false, Existing: { } existing })
        {
            LogRepeated(logger, "incoming", sid);
            if (existing.EndedAt is not null)
            {
                // A retry after the call's end is recorded, like any late step, and starts nothing.
                await writer.AppendAsync(sid, new CallEventRecord(CallEventKinds.AfterEnd, null, null, FlowTriggers.Start, events[0].DetailJson), now);
            }

            // A retry of the first webhook gets the first answer. If the call has moved on since (its later answers
            // may be a bare hang-up), the start of the flow is answered again: an incoming call always hears the welcome —
            // except a blocked caller's, which hears the blocked message again (never the menu).
            if (existing.Outcome == CallOutcomes.Blocked)
            {
                return renderer.Render(flow, flow.BlockedAnswer(), token: null, TransferCallerId(request));
            }

            return existing.StepNumber == 1 && existing.LastTwiml is { } earlier ? earlier : twiml;
        }

        // Issue 13: a caller with a call-back pending first hears how to cancel it.
        return cancellation.FirstAnswer(flow, result?.Policy.PendingCallbackId, token, twiml);
    }

    /// <summary>
    /// Fires <paramref name="trigger"/> for the call at the webhook's position, stores the step and returns its TwiML.
    /// </summary>
    /// <param name="webhook">The webhook, with the step token of its URL.</param>
    /// <param name="route">The webhook's name in the event log (<c>gather</c>, <c>dial</c>, <c>queue</c>, <c>agent</c>).</param>
    /// <param name="trigger">The trigger to fire, given the call's flow version and position.</param>
    /// <param name="detail">The webhook's fields worth logging.</param>
    /// <param name="reportsThePast">True for an outcome of something that happened while the call was live (see <see cref="CallAdvance.ReportsThePast"/>).</param>
    /// <param name="leaveQueueAs">The queue status this step gives a caller still waiting or offered, in the same statement, or null.</param>
    public async Task<string> FireAsync(
        VoiceWebhook webhook, string route, Func<CompiledFlow, CallPosition, string> trigger, object detail, bool reportsThePast, string? leaveQueueAs = null)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(trigger);
        var token = webhook.Step;
        var flow = token is null ? null : await versions.FindAsync(token.FlowHash);
        if (token is null || flow is null || webhook.CallSid is not { } sid)
        {
            // Our own URL came back damaged, or its flow version is gone: never leave the caller in silence.
            return Emergency(flow ?? flows.Current, route, webhook.Request);
        }

        var now = time.GetUtcNow();
        var fired = trigger(flow, token.Position);
        var step = flow.Fire(token.Position, fired, Context(now));
        var next = new StepToken(flow.Hash, step.Position.State, token.StepNumber + 1, step.Position.MenuReplays);
        var twiml = renderer.Render(flow, step.Instructions, next, TransferCallerId(webhook.Request));
        var events = new List<CallEventRecord> { Webhook(route, fired, detail) with { FromState = token.State } };
        if (step.Ignored)
        {
            events.Add(new CallEventRecord(CallEventKinds.Ignored, token.State, token.State, fired, null));
        }

        events.AddRange(Transitions(step));
        var join = step.Ignored ? null : JoinOf(step);
        var advance = new CallAdvance(step.Position.State, next.StepNumber, step.Position.MenuReplays, step.Outcome, twiml, now, events, join, reportsThePast, leaveQueueAs)
        {
            Tags = step.Tags,
            ChallengeTwiml = join is null ? null : ChallengeTwiml(flow, step, next, sid),
        };
        var result = await writer.AdvanceAsync(sid, token.StepNumber, advance, route);
        return result is { Applied: true, Challenged: true } && advance.ChallengeTwiml is { } challenge
            ? challenge // she must pass the keypad challenge first: kept out of the queue by the same statement
            : Answer(result, twiml, route, sid);
    }

    /// <summary>
    /// The caller hung up while waiting for a social worker — in the queue, while a worker's phone rang or during the
    /// whisper: the call's outcome is <see cref="CallOutcomes.AbandonedInQueue"/> whichever webhook tells it first (a
    /// report of the past, so it applies after the status callback too), a caller still waiting leaves the queue in the
    /// same statement, and the answer is a hang-up.
    /// </summary>
    public async Task<string> CallerLeftQueueAsync(VoiceWebhook webhook, string route, object detail)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var hangup = TwimlRenderer.Hangup();
        if (webhook is not { Step: { } token, CallSid: { } sid })
        {
            return hangup;
        }

        var now = time.GetUtcNow();
        var events = new List<CallEventRecord> { Webhook(route, "hangup", detail) with { FromState = token.State } };
        var advance = new CallAdvance(token.State, token.StepNumber + 1, token.MenuReplays, CallOutcomes.AbandonedInQueue, hangup, now, events,
            ReportsThePast: true, Leave: Data.Routing.QueueEntryStatuses.Abandoned);
        await writer.AdvanceAsync(sid, token.StepNumber, advance, route);
        return hangup;
    }

    /// <summary>The flow's emergency message and fallback transfer, for a webhook we cannot place in its flow.</summary>
    public string Emergency(CompiledFlow flow, string route, VoiceWebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(request);
        LogMalformed(logger, route);
        return renderer.Render(flow, flow.EmergencyFallback(), token: null, TransferCallerId(request));
    }

    /// <summary>
    /// The caller's answer to the keypad challenge (<c>/voice/challenge</c>): the right code queues her (the join is
    /// written with the step, as any queue join); a wrong or missing one asks again, up to the flow's tries; then she
    /// hears the failure message with the emergency numbers and the call ends, never queued.
    /// </summary>
    public async Task<string> AnswerChallengeAsync(VoiceWebhook webhook, int attempt, string? choice)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var token = webhook.Step;
        var flow = token is null ? null : await versions.FindAsync(token.FlowHash);
        if (token is null || flow is null || webhook.CallSid is not { } sid || flow.Definition.FindState(token.State) is not QueueState queue
            || flow.Definition.Challenge is not { } challenge)
        {
            return Emergency(flow ?? flows.Current, "challenge", webhook.Request);
        }

        var code = codes.For(sid);
        var now = time.GetUtcNow();
        var passed = string.Equals(webhook.Request.Digits, code, StringComparison.Ordinal);
        if (!passed && attempt < challenge.Tries)
        {
            // Asked again: nothing to store (the code and the attempt travel in the URL, a repeat gets the same answer).
            return renderer.Challenge(flow.ChallengeGather(code, retry: true)!, token, attempt + 1, choice);
        }

        var next = new StepToken(flow.Hash, token.State, token.StepNumber + 1, token.MenuReplays);
        var answer = passed
            ? renderer.Render(flow, flow.Current(token.Position), next, TransferCallerId(webhook.Request))
            : renderer.Render(flow, flow.ChallengeFailedAnswer(), token: null, TransferCallerId(webhook.Request));
        var events = new List<CallEventRecord> { Webhook("challenge", passed ? "passed" : "failed", new { attempt }) with { FromState = token.State } };
        var advance = new CallAdvance(token.State, next.StepNumber, token.MenuReplays, passed ? CallOutcomes.Queued : CallOutcomes.ChallengeFailed, answer, now, events,
            passed ? new QueueJoin(queue.QueueName, choice) { SameWorkerSeconds = routing.Value.RecallSameWorkerSeconds } : null)
        {
            ChallengeAnswer = passed ? "passed" : "failed",
        };
        if (!passed)
        {
            LogChallengeFailed(logger, sid, attempt);
        }

        return Answer(await writer.AdvanceAsync(sid, token.StepNumber, advance, "challenge"), answer, "challenge", sid);
    }

    /// <summary>
    /// A blocked caller: the flow's blocked message (the emergency numbers), then the end of the call — no menu, no
    /// queue. Her call row takes the outcome <c>blocked</c> (counted, with the flag's reason on /supervision).
    /// </summary>
    private async Task<string> BlockAsync(CompiledFlow flow, VoiceWebhook webhook, FlowStep step, long? flagId, DateTimeOffset now)
    {
        var sid = webhook.CallSid!;
        var answer = renderer.Render(flow, flow.BlockedAnswer(), token: null, TransferCallerId(webhook.Request));
        var events = new List<CallEventRecord> { new(CallEventKinds.Policy, step.Position.State, null, CallOutcomes.Blocked, Json(new { flag = flagId })) };
        await writer.AdvanceAsync(sid, 1, new CallAdvance(step.Position.State, 2, step.Position.MenuReplays, CallOutcomes.Blocked, answer, now, events), "incoming");
        LogBlocked(logger, sid, flagId);
        return answer;
    }

    /// <summary>
    /// For a step that queues the caller, the keypad challenge to answer instead should she have to pass it (the
    /// statement decides, from the call row); null when the step does not queue or the flow has no challenge.
    /// </summary>
    private string? ChallengeTwiml(CompiledFlow flow, FlowStep step, StepToken next, string sid) =>
        step.Joined is { } joined && flow.ChallengeGather(codes.For(sid), retry: false) is { } gather
            ? renderer.Challenge(gather, next, 1, joined.MenuChoice)
            : null;

    /// <summary>The caller ID of the transfers this call's answers may hold (the helpline's number when the caller withheld hers).</summary>
    public string? TransferCallerId(VoiceWebhookRequest request) => callerIds.ForTransfer(request.From, request.To);

    private string Answer(AdvanceResult? result, string twiml, string route, string sid)
    {
        if (result is { AfterEnd: true })
        {
            LogAfterEnd(logger, route, sid);
            return TwimlRenderer.Hangup();
        }

        if (result is { Applied: false, Current.LastTwiml: { } current })
        {
            LogRepeated(logger, route, sid);
            return current;
        }

        return twiml;
    }

    private FlowContext Context(DateTimeOffset now) => new(now, hours.Active);

    /// <summary>The queue entry a step writes: the step says itself which queue it joined and with which choice.</summary>
    private QueueJoin? JoinOf(FlowStep step) => step.Joined is { } joined
        ? new QueueJoin(joined.QueueName, joined.MenuChoice) { SameWorkerSeconds = routing.Value.RecallSameWorkerSeconds }
        : null;

    private static CallEventRecord Webhook(string route, string? trigger, object detail) => new(CallEventKinds.Webhook(route), null, null, trigger, Json(detail));

    private static IEnumerable<CallEventRecord> Transitions(FlowStep step) =>
        step.Transitions.Select(t => new CallEventRecord(CallEventKinds.Transition, t.From, t.To, t.Trigger, t.Detail is null ? null : Json(new { t.Detail })));

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallSid}: the caller's {Calls} calls within an hour are over the limit of {Limit} (Helpline:Callers:MaxCallsPerHour)")]
    private static partial void LogOverLimit(ILogger logger, string callSid, int calls, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallSid}: the database did not answer in time, so the caller's flags, hourly count and the saturation challenge were not checked; the call goes through")]
    private static partial void LogPoliciesUnchecked(ILogger logger, string callSid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallSid} from a blocked caller (flag {FlagId}): she heard the emergency numbers, then the call ended")]
    private static partial void LogBlocked(ILogger logger, string callSid, long? flagId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallSid} failed the keypad challenge after {Attempts} tries: she heard the emergency numbers, then the call ended")]
    private static partial void LogChallengeFailed(ILogger logger, string callSid, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Route} webhook for call {CallSid} after the call's end: recorded, not acted on")]
    private static partial void LogAfterEnd(ILogger logger, string route, string callSid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Repeated {Route} webhook for call {CallSid}: answered as before")]
    private static partial void LogRepeated(ILogger logger, string route, string callSid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed {Route} webhook (missing CallSid, damaged step URL or unknown flow version): answered with the emergency message")]
    private static partial void LogMalformed(ILogger logger, string route);
}
