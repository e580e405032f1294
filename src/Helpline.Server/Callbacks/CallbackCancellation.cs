using System.Xml.Linq;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Data;
using Helpline.Data.Calls;
using Helpline.Data.Callbacks;
using Helpline.Server.Callers;
using Helpline.Server.Flows;
using Helpline.Server.Storage;
using Helpline.Server.Voice;
using Helpline.Twilio.TwiML;
using Helpline.Twilio.Webhooks;

namespace Helpline.Server.Callbacks;

/// <summary>
/// A caller with a call-back pending cancels it by calling again (issue 13): recognised by the keyed hash of the number
/// she calls from (or of the number she gave), she first hears the flow's <c>cancel-offer</c> ("pour annuler ce rappel,
/// tapez 1 ; sinon, restez en ligne"); 1 cancels it and any other request of hers (their numbers erased at once) and she hears <c>cancelled</c>; then,
/// whatever she pressed, the flow's welcome goes on as for any call. A withheld number is never recognised.
/// </summary>
/// <remarks>
/// The pending request is found by the call's own creation statement (one indexed probe of pending requests, no extra
/// round trip); when that statement went to the journal (database slow or down) there is no offer this time and the
/// welcome is answered as usual.
/// </remarks>
internal sealed partial class CallbackCancellation(
    FlowVersionResolver versions,
    FlowRegistry flows,
    CallerIdPolicy callerIds,
    CallbackStore store,
    CallStore calls,
    CallerHasher hasher,
    TwimlRenderer renderer,
    VoiceRoutes routes,
    StorageBudget budget,
    TimeProvider time,
    ILogger<CallbackCancellation> logger)
{
    /// <summary>
    /// The first answer of a new call: <paramref name="welcome"/> itself, or the cancel offer first when the caller has a
    /// call-back pending (<paramref name="pending"/>, found by the call's creation statement in the same round trip).
    /// <paramref name="token"/> is the call's first step (the welcome's own URLs).
    /// </summary>
    public string FirstAnswer(CompiledFlow flow, int? pending, StepToken token, string welcome)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (CallbackOf(flow) is not { } callback || pending is not { } id)
        {
            return welcome;
        }

        var url = routes.CallbackCancelUrl(token, id);
        var response = new VoiceResponse().Gather(new GatherOptions { Input = "dtmf", Action = url, Method = "POST", NumDigits = 1, Timeout = 5, ActionOnEmptyResult = true },
            content => renderer.Add(content, flow.Speak(callback.CancelOffer)));
        return response.Redirect(url, "POST").ToXml();
    }

    /// <summary>Her answer to the cancel offer: 1 cancels; then the welcome, as the call's first step answered it.</summary>
    public async Task<string> AnswerAsync(VoiceWebhook webhook, int? requestId)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var token = webhook.Step;
        var flow = token is null ? null : await versions.FindAsync(token.FlowHash);
        if (token is null || flow is null || webhook.CallSid is not { } sid)
        {
            // A damaged or forged URL: the emergency answer, as for any step we cannot place — never a silent hang-up
            // (found by WebhookFuzzTests).
            LogDamaged(logger);
            var fallback = flow ?? flows.Current;
            return renderer.Render(fallback, fallback.EmergencyFallback(), token: null, callerIds.ForTransfer(webhook.Request.From, webhook.Request.To));
        }

        var said = new VoiceResponse();
        string? welcome = null;
        using (var within = budget.Start())
        {
            try
            {
                if ((webhook.Request.Digits ?? string.Empty).Trim() == "1" && requestId is { } id && CallbackOf(flow) is { } callback
                    && hasher.Hash(webhook.Request.From) is { } hash)
                {
                    // Every request of hers, not only the one offered (id): she hears that her call-back is cancelled,
                    // so no other request of hers may still call her.
                    if (await store.CancelAllOfCallerAsync(hash, "caller", time.GetUtcNow(), within.Token) is var count and > 0)
                    {
                        LogCancelled(logger, sid, id, count);
                        renderer.Add(said, flow.Speak(callback.Cancelled));
                    }
                }

                welcome = (await calls.GetAsync(sid, within.Token)) is { StepNumber: 1, LastTwiml: { } stored } ? stored : null;
            }
            catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
            {
                LogStorageFault(logger, ex);
            }
        }

        // The welcome as first answered (messages and all), or, when it cannot be read, the state the call waits in.
        welcome ??= renderer.Render(flow, flow.Current(token.Position), token, transferCallerId: null);
        var document = XDocument.Parse(welcome);
        var before = XDocument.Parse(said.ToXml()).Root!.Elements().ToList();
        document.Root!.AddFirst(before);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + document.Root.ToString(SaveOptions.DisableFormatting);
    }

    private static CallbackDefinition? CallbackOf(CompiledFlow flow) =>
        flow.Definition.States.OfType<QueueState>().Select(q => q.Callback).FirstOrDefault(c => c is not null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Damaged or incomplete call-back cancel webhook: answered with the emergency message")]
    private static partial void LogDamaged(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallSid} cancelled call-back {Request} ({Count} pending request(s) of hers cancelled)")]
    private static partial void LogCancelled(ILogger logger, string callSid, int request, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable or slow while looking for a pending call-back: the welcome is answered as usual")]
    private static partial void LogStorageFault(ILogger logger, Exception ex);
}
