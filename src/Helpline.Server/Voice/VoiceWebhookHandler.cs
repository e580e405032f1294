using System.Text.Json;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Voice;
using Helpline.Data;
using Helpline.Data.Calls;
using Helpline.Data.Routing;
using Helpline.Server.Flows;
using Helpline.Server.Hours;
using Helpline.Server.Privacy;
using Helpline.Twilio.Webhooks;

namespace Helpline.Server.Voice;

/// <summary>
/// Turns each voice webhook into the next step of the call's flow: builds the Stateless machine around the call's
/// position, fires the webhook's trigger, renders the resulting instructions as TwiML and stores the new position with
/// its events in one database round trip. A webhook the provider repeats is answered with the answer already given.
/// If the database fails, the caller still gets the flow's answer and the step goes to the on-disk journal
/// (<see cref="Journal.CallJournal"/>), written to the database when it answers again.
/// </summary>
/// <remarks>Thread-safe (singleton); a call's concurrent webhooks are serialised by the database row.</remarks>
public sealed partial class VoiceWebhookHandler(
    FlowRegistry flows,
    FlowVersionResolver versions,
    CallStore calls,
    RoutingStore routing,
    HoursOverrideService hours,
    CallerHasher hasher,
    TwimlRenderer renderer,
    Microsoft.Extensions.Options.IOptions<Options.RoutingOptions> routingOptions,
    Microsoft.Extensions.Options.IOptions<Options.HelplineOptions> helplineOptions,
    TimeProvider time,
    ILogger<VoiceWebhookHandler> logger,
    Journal.CallJournal journal)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _announced = new(StringComparer.Ordinal);

    /// <summary>A new call (<c>POST /voice/incoming</c>).</summary>
    public async Task<string> IncomingAsync(VoiceWebhookRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var flow = flows.Current;
        if (!request.HasValidCallSid)
        {
            return MalformedRequest(flow, "incoming");
        }

        var now = time.GetUtcNow();
        var step = flow.Start(Context(now));
        var token = new StepToken(flow.Hash, step.Position.State, 1, step.Position.Attempt);
        var twiml = renderer.Render(flow, step.Instructions, token);
        var events = new List<CallEventRecord> { Webhook("incoming", null, new { request.CallStatus, request.Direction }) };
        events.AddRange(Transitions(step));
        var call = new NewCall(request.CallSid!, request.AccountSid, hasher.Hash(request.From), hasher.NumberToStore(request.From),
            request.To, flow.Name, flow.Hash, now);
        var first = new CallAdvance(step.Position.State, 1, step.Position.Attempt, step.Outcome, twiml, now, events, JoinOf(flow, step));
        var result = await WriteAsync(() => calls.StartAsync(call, first, ct), () => Journal.JournalEntry.Start(call, first), "incoming", request.CallSid!);
        if (result is { Created: false, Existing: { } existing })
        {
            LogRepeated(logger, "incoming", request.CallSid!);
            // A retry of the first webhook gets the first answer. If the call has moved on since (its later answers
            // may be a bare hang-up), the start of the flow is answered again: an incoming call always hears the welcome.
            return existing.Step == 1 && existing.LastTwiml is { } earlier ? earlier : twiml;
        }

        return twiml;
    }

    /// <summary>Keys pressed, or none (<c>POST /voice/gather</c>).</summary>
    public Task<string> GatherAsync(StepToken? token, VoiceWebhookRequest request, CancellationToken ct) =>
        AdvanceAsync(token, request, "gather", (flow, position) => flow.TriggerForDigits(position, request.Digits), new { request.Digits }, reportsThePast: false, ct);

    /// <summary>A transfer's outcome (<c>POST /voice/dial</c>).</summary>
    public Task<string> DialAsync(StepToken? token, VoiceWebhookRequest request, CancellationToken ct) =>
        AdvanceAsync(token, request, "dial", (_, _) => CompiledFlow.TriggerForDialStatus(request.DialCallStatus),
            new { request.DialCallStatus, request.DialCallDuration }, reportsThePast: true, ct);

    /// <summary>The end of a queue wait (<c>POST /voice/queue</c>, the Enqueue action).</summary>
    public async Task<string> QueueResultAsync(StepToken? token, VoiceWebhookRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.CallSid is { } sid)
        {
            _announced.TryRemove(sid, out _);
        }

        switch (request.QueueResult)
        {
            case QueueResults.Redirected or QueueResults.BridgingInProcess:
                // The dispatcher took the call out of the queue to dial a worker; the call now runs /voice/agent.
                return renderer.Empty();
            case QueueResults.Hangup:
                await LeaveQueueAsync(request, "abandoned", ct);
                return await CallerLeftQueueAsync(token, request, "queue", new { request.QueueResult, request.QueueTime }, ct);
        }

        var trigger = request.QueueResult is QueueResults.Bridged or QueueResults.RedirectedFromBridged ? FlowTriggers.Answered : FlowTriggers.Overflow;
        if (trigger == FlowTriggers.Overflow)
        {
            await LeaveQueueAsync(request, "overflowed", ct);
        }

        // Bridged reports the past; an overflow asks for something new, which a call already over must not get.
        return await AdvanceAsync(token, request, "queue", (_, _) => trigger, new { request.QueueResult, request.QueueTime }, reportsThePast: trigger == FlowTriggers.Answered, ct);
    }

    /// <summary>
    /// What a waiting caller hears (<c>POST /voice/queue/wait</c>, the Enqueue waitUrl, requested again each time it
    /// ends): the hold prompt, or <c>&lt;Leave&gt;</c> — which sends the call to the queue state's overflow branch —
    /// once the flow's maximum wait has passed, when nobody can come (no worker available, ringing, on a call or in
    /// wrap-up) for <see cref="Options.RoutingOptions.NobodyCanComeSeconds"/> since the later of the caller's arrival
    /// and the moment nobody could come, or when our database cannot say (without it nobody can be routed to the
    /// caller). A caller nobody can come to hears no wait estimate.
    /// </summary>
    public async Task<string> QueueWaitAsync(StepToken? token, VoiceWebhookRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var flow = token is null ? null : await FlowOfCallAsync(token.FlowHash, ct);
        var position = token is null ? default : new CallPosition(token.State, token.Attempt);
        var maxWait = flow?.MaxWaitSeconds(position);
        if (flow is null || maxWait is null || request.QueueTime >= maxWait)
        {
            return renderer.Leave();
        }

        string? announcement = null;
        try
        {
            var now = time.GetUtcNow();
            var joined = now.AddSeconds(-Math.Max(0, request.QueueTime ?? 0));
            if (await routing.NobodyCanComeSinceAsync(ct) is { } since)
            {
                var graceFrom = since > joined ? since : joined;
                return now - graceFrom >= TimeSpan.FromSeconds(routingOptions.Value.NobodyCanComeSeconds)
                    ? renderer.Leave()
                    : renderer.Hold(flow, position, null);
            }

            // Self-healing: a caller whose queue join was lost (a slow or absent database at that step) is put in the
            // queue now, or nobody would ever offer them to a worker. A caller already there is left as they are, and
            // a call already over is never queued again.
            if (request.HasValidCallSid && flow.Definition.FindState(position.State) is QueueState queue)
            {
                await routing.JoinQueueAsync(request.CallSid!, queue.QueueName, null, joined, ct); // keeps the place their wait earned
            }

            announcement = await AnnouncementAsync(flow, position, request, ct);
        }
        catch (OperationCanceledException ex)
        {
            // Slow, not down: keep the caller waiting with hold audio; the next poll tries again.
            LogStorageFault(logger, ex, "queue-wait", request.CallSid ?? "?");
            return renderer.Hold(flow, position, null);
        }
        catch (Exception ex) when (StorageFault.Is(ex))
        {
            LogStorageFault(logger, ex, "queue-wait", request.CallSid ?? "?");
            return renderer.Leave();
        }

        return renderer.Hold(flow, position, announcement);
    }

    /// <summary>
    /// The caller's position and estimated wait, when the queue state announces them and the last announcement to this
    /// caller is at least its interval old (remembered per instance: at worst a caller moved to another instance hears
    /// it a little early).
    /// </summary>
    private async Task<string?> AnnouncementAsync(CompiledFlow flow, CallPosition position, VoiceWebhookRequest request, CancellationToken ct)
    {
        if (flow.Definition.FindState(position.State) is not QueueState { Announce: not null } queue || !request.HasValidCallSid)
        {
            return null;
        }

        var waited = request.QueueTime ?? 0;
        if (_announced.TryGetValue(request.CallSid!, out var last) && waited - last < queue.AnnounceEverySeconds)
        {
            return null;
        }

        if (await routing.PositionAsync(request.CallSid!, ct) is not { } rank)
        {
            return null;
        }

        if (_announced.Count > 10_000)
        {
            _announced.Clear(); // callers who left without a queue result; forgetting only makes an announcement come early
        }

        if (await routing.EstimatedWaitMinutesAsync(rank, time.GetUtcNow(), ct) is not { } minutes)
        {
            return null; // nobody can come: no estimate that nobody can keep
        }

        _announced[request.CallSid!] = waited;
        return queue.AnnouncementFor(rank, minutes);
    }

    /// <summary>
    /// The provider's status callback (<c>POST /voice/status</c>): closes the call row when the call has ended and, in
    /// the same statement, takes a caller still waiting or being offered out of the queue (see <see cref="CallStore.CompleteAsync"/>).
    /// </summary>
    public async Task StatusAsync(VoiceWebhookRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasValidCallSid)
        {
            LogMalformed(logger, "status");
            return;
        }

        var now = time.GetUtcNow();
        var detail = Json(new { request.CallStatus, request.CallDuration, request.SequenceNumber, request.Timestamp });
        if (request.CallStatus is "completed" or "busy" or "failed" or "no-answer" or "canceled")
        {
            var completion = new CallCompletion(request.CallSid!, request.CallStatus, request.CallDuration, now, detail);
            await WriteAsync(async () => { await calls.CompleteAsync(completion, ct); return completion; }, () => Journal.JournalEntry.Complete(completion), "status", request.CallSid!);
        }
        else
        {
            var e = new CallEventRecord("status", null, null, request.CallStatus, detail);
            await WriteAsync(async () => { await calls.AppendEventAsync(request.CallSid!, e, now, ct); return e; }, () => Journal.JournalEntry.Append(request.CallSid!, e, now), "status", request.CallSid!);
        }
    }

    /// <summary>
    /// Closes a call the provider has ended when its status callback never came (the stale-call sweeper's lookup): the
    /// same statement as the status callback, so its queue place and a ringing worker are freed too.
    /// </summary>
    /// <remarks>Idempotent: a repeated or late end changes nothing and is logged as a duplicate. Storage faults propagate.</remarks>
    public Task<CompletionResult> EndCallAsync(CallCompletion completion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return calls.CompleteAsync(completion, ct);
    }

    /// <summary>Fires <paramref name="trigger"/> for the call at <paramref name="token"/>'s position, stores the step and returns its TwiML.</summary>
    /// <param name="token">The step the webhook answers (from its URL).</param>
    /// <param name="request">The webhook.</param>
    /// <param name="kind">The webhook's name in the event log.</param>
    /// <param name="trigger">The trigger to fire.</param>
    /// <param name="detail">The webhook's fields worth logging.</param>
    /// <param name="reportsThePast">True for an outcome of something that happened while the call was live (see <see cref="CallAdvance.ReportsThePast"/>).</param>
    /// <param name="ct">The storage budget.</param>
    internal async Task<string> AdvanceAsync(
        StepToken? token, VoiceWebhookRequest request, string kind, Func<CompiledFlow, CallPosition, string> trigger, object detail, bool reportsThePast, CancellationToken ct)
    {
        var flow = token is null ? null : await versions.FindAsync(token.FlowHash, ct);
        if (token is null || flow is null || !request.HasValidCallSid)
        {
            // Our own URL came back damaged, or its flow version is gone: never leave the caller in silence.
            return MalformedRequest(flows.Current, kind);
        }

        var now = time.GetUtcNow();
        var position = new CallPosition(token.State, token.Attempt);
        var fired = trigger(flow, position);
        var step = flow.Fire(position, fired, Context(now));
        var next = new StepToken(flow.Hash, step.Position.State, token.Step + 1, step.Position.Attempt);
        var twiml = renderer.Render(flow, step.Instructions, next);
        var events = new List<CallEventRecord> { Webhook(kind, fired, detail) with { FromState = token.State } };
        if (step.Ignored)
        {
            events.Add(new CallEventRecord("ignored", token.State, token.State, fired, null));
        }

        events.AddRange(Transitions(step));
        var advance = new CallAdvance(step.Position.State, next.Step, step.Position.Attempt, step.Outcome, twiml, now, events,
            step.Ignored ? null : JoinOf(flow, step), reportsThePast);
        var result = await WriteAsync(() => calls.AdvanceAsync(request.CallSid!, token.Step, advance, ct),
            () => Journal.JournalEntry.Step(request.CallSid!, token.Step, advance), kind, request.CallSid!);
        if (result is { AfterEnd: true })
        {
            LogAfterEnd(logger, kind, request.CallSid!);
            return renderer.Hangup();
        }

        if (result is { Applied: false, Current.LastTwiml: { } current })
        {
            LogRepeated(logger, kind, request.CallSid!);
            return current;
        }

        return twiml;
    }

    /// <summary>
    /// The caller hung up while waiting for a social worker — in the queue, while a worker's phone rang or during the
    /// whisper: the call's outcome is <see cref="CallOutcomes.AbandonedInQueue"/>, whichever webhook tells it first
    /// (a report of the past, so it applies after the status callback too), and the answer is a hang-up.
    /// </summary>
    internal async Task<string> CallerLeftQueueAsync(StepToken? token, VoiceWebhookRequest request, string kind, object detail, CancellationToken ct)
    {
        var hangup = renderer.Hangup();
        if (token is null || !request.HasValidCallSid)
        {
            return hangup;
        }

        var now = time.GetUtcNow();
        var events = new List<CallEventRecord> { Webhook(kind, "hangup", detail) with { FromState = token.State } };
        var advance = new CallAdvance(token.State, token.Step + 1, token.Attempt, CallOutcomes.AbandonedInQueue, hangup, now, events, ReportsThePast: true);
        await WriteAsync(() => calls.AdvanceAsync(request.CallSid!, token.Step, advance, ct),
            () => Journal.JournalEntry.Step(request.CallSid!, token.Step, advance), kind, request.CallSid!);
        return hangup;
    }

    /// <summary>
    /// Writes a step to the database, or to the journal when the database fails — or while the journal still holds
    /// earlier writes, so they reach the database in order. Null when the step went to the journal.
    /// </summary>
    internal async Task<T?> WriteAsync<T>(Func<Task<T>> write, Func<Journal.JournalEntry> entry, string kind, string callSid)
        where T : class
    {
        if (!journal.HasPendingFor(callSid))
        {
            try
            {
                return await write();
            }
            catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
            {
                LogStorageFault(logger, ex, kind, callSid);
            }
        }

        try
        {
            await journal.AppendAsync(entry());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The journal's disk failed too: the caller still gets the flow's answer; the step is lost, and logged.
            LogJournalFailed(logger, ex, kind, callSid);
        }

        return null;
    }

    private string MalformedRequest(CompiledFlow flow, string kind)
    {
        LogMalformed(logger, kind);
        return renderer.Render(flow, flow.EmergencyFallback(), token: null);
    }

    private FlowContext Context(DateTimeOffset now) => new(now, hours.Active);

    /// <summary>
    /// The queue a step puts the caller in, with the menu choice that led there (the keys of the trigger that entered the
    /// queue state), or null when the step does not enter a queue state.
    /// </summary>
    private static QueueJoin? JoinOf(CompiledFlow flow, FlowStep step)
    {
        if (flow.Definition.FindState(step.Position.State) is not QueueState queue)
        {
            return null;
        }

        var into = step.Transitions.LastOrDefault(t => t.To == step.Position.State && t.From != t.To);
        if (into is null)
        {
            return null;
        }

        var choice = into.Trigger.StartsWith(FlowTriggers.DigitsPrefix, StringComparison.Ordinal) ? into.Trigger[FlowTriggers.DigitsPrefix.Length..] : null;
        return new QueueJoin(queue.QueueName, choice);
    }

    /// <summary>
    /// A fresh storage budget for a routing write (queue leave): it must not inherit a budget the step's own write may
    /// have spent. Not linked to the request: the provider hanging up the HTTP request does not undo the write.
    /// </summary>
    private CancellationTokenSource RoutingBudget() =>
        new(TimeSpan.FromMilliseconds(helplineOptions.Value.StorageBudgetMilliseconds), time);

    private async Task LeaveQueueAsync(VoiceWebhookRequest request, string status, CancellationToken ct)
    {
        if (!request.HasValidCallSid)
        {
            return;
        }

        using var budget = RoutingBudget();
        try
        {
            await routing.LeaveQueueAsync(request.CallSid!, status, time.GetUtcNow(), budget.Token);
        }
        catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
        {
            LogStorageFault(logger, ex, "queue", request.CallSid!);
        }
    }

    private static CallEventRecord Webhook(string kind, string? trigger, object detail) => new("webhook:" + kind, null, null, trigger, Json(detail));

    private static IEnumerable<CallEventRecord> Transitions(FlowStep step) =>
        step.Transitions.Select(t => new CallEventRecord("transition", t.From, t.To, t.Trigger, t.Detail is null ? null : Json(new { t.Detail })));

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not journal the {Kind} step of call {CallSid} either (disk): the step is not stored")]
    private static partial void LogJournalFailed(ILogger logger, Exception ex, string kind, string callSid);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} webhook for call {CallSid} after the call's end: recorded, not acted on")]
    private static partial void LogAfterEnd(ILogger logger, string kind, string callSid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Repeated {Kind} webhook for call {CallSid}: answered as before")]
    private static partial void LogRepeated(ILogger logger, string kind, string callSid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable during {Kind} webhook for call {CallSid}: answered from the flow, the step is kept in the journal")]
    private static partial void LogStorageFault(ILogger logger, Exception ex, string kind, string callSid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed {Kind} webhook (missing CallSid or damaged step URL): answered with the emergency message")]
    private static partial void LogMalformed(ILogger logger, string kind);
}
