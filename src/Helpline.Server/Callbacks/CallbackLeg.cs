using System.Globalization;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Data;
using Helpline.Data.Callbacks;
using Helpline.Data.Routing;
using Helpline.Server.Agents;
using Helpline.Server.Callers;
using Helpline.Server.Flows;
using Helpline.Server.Storage;
using Helpline.Server.Voice;
using Helpline.Twilio.TwiML;
using Helpline.Twilio.Webhooks;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Callbacks;

/// <summary>
/// A call-back, agent-first (issue 13): the dispatcher has called the worker (REST create-call from the helpline's
/// number); <c>/voice/callback/worker</c> runs when they pick up and whispers that it is a call-back (its number, the
/// menu choice and tags, her window, whether a message may be left) until they press 1; <c>accept</c> then dials her
/// with the caller ID she agreed to, <c>answerOnBridge</c> and answering-machine detection; <c>callee</c> runs on her
/// phone before the bridge (a machine gets nothing, or the flow's neutral message when she agreed to one);
/// <c>result</c> ends the attempt (reached, or another attempt later in her window, or not reached / expired); the
/// worker's own status callback (<c>worker-status</c>) turns a worker who never answered or never accepted into a missed
/// offer (autopause applies, the request back at the front).
/// </summary>
/// <remarks>
/// Every route is signature-checked like the others (<c>/voice</c> group). The number is read (encrypted) only when the
/// worker accepts, and only for a pending request whose turn is this worker's; it goes into the answer to the provider
/// and nowhere else (never a URL, a log line or an event). Thread-safe (singleton).
/// </remarks>
internal sealed partial class CallbackLeg(
    FlowVersionResolver versions,
    FlowRegistry flows,
    RoutingStore routing,
    CallbackStore store,
    CallbackSecrets secrets,
    VoiceRoutes routes,
    TwimlRenderer renderer,
    CallerIdPolicy callerIds,
    StorageBudget budget,
    Hours.HoursOverrideService hours,
    IOptions<CallbackOptions> options,
    IOptions<RoutingOptions> routingOptions,
    TimeProvider time,
    ILogger<CallbackLeg> logger)
{
    /// <summary>The worker picked up: the pick-up is recorded and the whisper asks them to press 1.</summary>
    public async Task<string> WorkerAnsweredAsync(CallbackWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        if (webhook.Offer is not { } offer)
        {
            LogDamaged(logger, "callback/worker");
            return TwimlRenderer.Hangup();
        }

        var (flow, callback, queue) = await WordsAsync(offer);
        bool? current = null;
        var watched = false;
        using (var within = budget.Start())
        {
            try
            {
                current = await routing.WorkerPickedUpAsync(offer.Key, offer.WorkerId, offer.OfferNumber, time.GetUtcNow(), within.Token);
                watched = current == true && await store.WatchedAsync(offer.RequestId, time.GetUtcNow(), within.Token);
            }
            catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
            {
                LogStorageFault(logger, ex, "callback/worker", offer.RequestId);
            }
        }

        var response = new VoiceResponse();
        if (current == false)
        {
            return Say(response, flow, callback?.WorkerCancelled).Hangup().ToXml();
        }

        var accept = routes.CallbackLegUrl(VoiceRoutes.CallbackAccept, offer);
        var whisper = callback is null ? null : callback.Whisper
            .Replace("{rappel}", offer.RequestId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{choix}", offer.MenuChoice ?? queue?.WhisperNoChoice ?? string.Empty, StringComparison.Ordinal)
            .Replace("{quand}", WindowSaid(callback, offer.WindowName), StringComparison.Ordinal)
            .Replace("{message}", offer.MessageAllowed ? callback.WhisperMessageAllowed : callback.WhisperMessageRefused, StringComparison.Ordinal)
            .Replace("{etiquettes}", flow.Definition.TagWhispers(WhisperTags(offer.Tags, watched)), StringComparison.Ordinal);
        response.Gather(new GatherOptions { Input = "dtmf", Action = accept, Method = "POST", NumDigits = 1, Timeout = options.Value.AcceptSeconds, ActionOnEmptyResult = true }, content =>
        {
            if (whisper is not null)
            {
                content.Say(whisper, flow.Definition.Language, flow.Definition.Voice);
            }
        });
        return response.Redirect(accept, "POST").ToXml();
    }

    /// <summary>The worker's key: 1 dials her; anything else (or nothing) is a missed offer, and the request goes back to the front.</summary>
    public async Task<string> AcceptAsync(CallbackWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        if (webhook.Offer is not { } offer)
        {
            LogDamaged(logger, "callback/accept");
            return TwimlRenderer.Hangup();
        }

        var (flow, callback, _) = await WordsAsync(offer);
        var now = time.GetUtcNow();
        var response = new VoiceResponse();
        using var within = budget.Start();
        try
        {
            if ((webhook.Request.Digits ?? string.Empty).Trim() != "1")
            {
                LogNotAccepted(logger, offer.RequestId, offer.WorkerId);
                await routing.DialOutcomeAsync(offer.Key, offer.WorkerId, offer.OfferNumber, DialOutcome.NotTaken, routingOptions.Value.AutoPauseAfter, now, null, now, within.Token);
                return response.Hangup().ToXml();
            }

            // Her window and the line's hours are checked now: the whisper may have outlasted either.
            var lineOpen = flows.Current.Definition.Calendar.Evaluate(now, hours.Active).IsOpen;
            if (await store.AttemptAsync(offer.RequestId, offer.WorkerId, now, lineOpen, within.Token) is not { } request || request.Status != CallbackStatuses.Pending)
            {
                return Say(response, flow, callback?.WorkerCancelled).Hangup().ToXml();
            }

            if (request.LineClosed)
            {
                return Say(response, flow, callback?.WorkerUnavailable).Hangup().ToXml();
            }

            if (request.NumberProtected is not { } stored || secrets.UnprotectNumber(stored) is not { } number)
            {
                LogNumberUnreadable(logger, offer.RequestId);
                return Say(response, flow, callback?.WorkerUnavailable).Hangup().ToXml();
            }

            var helpline = callerIds.Helpline(webhook.Request.From);
            var callerId = request.CallerId == "neutral" && !string.IsNullOrWhiteSpace(options.Value.NeutralCallerId) ? options.Value.NeutralCallerId : helpline;
            LogDialling(logger, offer.RequestId, offer.WorkerId);
            return response.Dial(number,
                    new DialOptions { Action = routes.CallbackLegUrl(VoiceRoutes.CallbackResult, offer), Method = "POST", Timeout = options.Value.RingSeconds, CallerId = callerId, AnswerOnBridge = true },
                    new NumberOptions { Url = routes.CallbackLegUrl(VoiceRoutes.CallbackCallee, offer), Method = "POST", MachineDetection = "Enable" })
                .ToXml();
        }
        catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
        {
            LogStorageFault(logger, ex, "callback/accept", offer.RequestId);
            return Say(response, flow, callback?.WorkerUnavailable).Hangup().ToXml();
        }
    }

    // The tags of the asking call, with the watch tag first (as on any call of hers) when she has been put under watch
    // since (issue 14): the worker calling her back is warned like the worker taking her call.
    private static IEnumerable<string> WhisperTags(IReadOnlyList<string> tags, bool watched) =>
        watched && !tags.Contains(CallTags.Watched) ? [CallTags.Watched, .. tags] : tags;

    /// <summary>
    /// Her phone answered (after answering-machine detection): a person, or unknown, is bridged to the worker; a
    /// machine gets nothing — or, only when she agreed to a message, the flow's neutral message, which never names the service.
    /// </summary>
    public async Task<string> CalleeAnsweredAsync(CallbackWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var answeredBy = webhook.Request.AnsweredBy ?? string.Empty;
        if (!(answeredBy.StartsWith("machine", StringComparison.Ordinal) || answeredBy == "fax"))
        {
            return TwimlRenderer.Empty(); // a person (or the provider could not tell): bridge
        }

        var response = new VoiceResponse();
        if (webhook.Offer is { MessageAllowed: true } offer)
        {
            var (flow, callback, _) = await WordsAsync(offer);
            if (callback is not null)
            {
                renderer.Add(response, flow.Speak(callback.NeutralMessage));
            }
        }

        return response.Hangup().ToXml();
    }

    /// <summary>The dial to her ended: reached when bridged; otherwise another attempt later in her window, or the end of the request.</summary>
    public async Task<string> ResultAsync(CallbackWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        if (webhook.Offer is not { } offer)
        {
            LogDamaged(logger, "callback/result");
            return TwimlRenderer.Hangup();
        }

        var request = webhook.Request;
        var reached = DialCallStatuses.WasAnswered(request.DialCallStatus) && request.DialBridged != false;
        var (flow, callback, _) = await WordsAsync(offer);
        var now = time.GetUtcNow();
        var settings = options.Value;
        CallbackAttemptResult? result = null;
        using (var within = budget.Start())
        {
            try
            {
                result = await store.AttemptEndedAsync(offer.RequestId, offer.WorkerId, reached, settings.MaxAttempts, TimeSpan.FromMinutes(settings.RetryMinutes),
                    now.AddSeconds(routingOptions.Value.WrapUpSeconds), now, within.Token);
            }
            catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
            {
                LogStorageFault(logger, ex, "callback/result", offer.RequestId);
            }
        }

        LogAttemptEnded(logger, offer.RequestId, request.DialCallStatus, result?.ToString() ?? "not stored");
        var response = new VoiceResponse();
        return (reached ? response : Say(response, flow, callback?.WorkerNotReached)).Hangup().ToXml();
    }

    /// <summary>The worker's call ended: a worker who never answered or never accepted missed the offer.</summary>
    public async Task WorkerStatusAsync(CallbackWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        if (webhook.Offer is not { } offer || !CallStatuses.IsFinal(webhook.Request.CallStatus))
        {
            return;
        }

        var settings = options.Value;
        using var within = budget.Start();
        try
        {
            if (await store.WorkerLegEndedAsync(offer.RequestId, offer.WorkerId, offer.OfferNumber, settings.MaxAttempts, TimeSpan.FromMinutes(settings.RetryMinutes),
                routingOptions.Value.AutoPauseAfter, time.GetUtcNow(), within.Token))
            {
                LogWorkerLegEnded(logger, offer.RequestId, offer.WorkerId, webhook.Request.CallStatus);
            }
        }
        catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
        {
            LogStorageFault(logger, ex, "callback/worker-status", offer.RequestId);
        }
    }

    private static string WindowSaid(CallbackDefinition callback, string? name) =>
        name == Core.Callbacks.CallbackWindows.AsSoonAsPossible || name is null
            ? callback.AsSoonAsPossibleSaid
            : callback.Windows.FirstOrDefault(w => w.Name == name)?.Said ?? callback.AsSoonAsPossibleSaid;

    /// <summary>The flow version of the offer (or the current one) and its call-back block.</summary>
    private async Task<(CompiledFlow Flow, CallbackDefinition? Callback, QueueState? Queue)> WordsAsync(CallbackOffer offer)
    {
        var flow = (offer.FlowHash is { } hash ? await versions.FindAsync(hash) : null) ?? flows.Current;
        var queues = flow.Definition.States.OfType<QueueState>().Where(q => q.Callback is not null).ToList();
        var queue = queues.FirstOrDefault(q => q.QueueName == offer.QueueName) ?? queues.FirstOrDefault();
        return (flow, queue?.Callback, queue);
    }

    private static VoiceResponse Say(VoiceResponse response, CompiledFlow flow, string? text) =>
        text is null ? response : response.Say(text, flow.Definition.Language, flow.Definition.Voice);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Damaged or incomplete {Route} webhook (call-back offer URL)")]
    private static partial void LogDamaged(ILogger logger, string route);

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable or slow on a call-back's worker leg ({Route}, request {Request})")]
    private static partial void LogStorageFault(ILogger logger, Exception ex, string route, int request);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {WorkerId} did not accept call-back {Request}: a missed offer, the request goes back to the front")]
    private static partial void LogNotAccepted(ILogger logger, int request, int workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call-back {Request}: worker {WorkerId} accepted, dialling the caller")]
    private static partial void LogDialling(ILogger logger, int request, int workerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Call-back {Request}: its number cannot be read (data-protection keys?); not dialled")]
    private static partial void LogNumberUnreadable(ILogger logger, int request);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call-back {Request}: dial ended ({Status}), {Result}")]
    private static partial void LogAttemptEnded(ILogger logger, int request, string? status, string result);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call-back {Request}: worker {WorkerId}'s call ended ({Status}) before the attempt was decided")]
    private static partial void LogWorkerLegEnded(ILogger logger, int request, int workerId, string? status);
}
