using Helpline.Core.Callbacks;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Voice;
using Helpline.Data;
using Helpline.Data.Callbacks;
using Helpline.Server.Callers;
using Helpline.Server.Flows;
using Helpline.Server.Storage;
using Helpline.Server.Voice;
using Helpline.Twilio.TwiML;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Callbacks;

/// <summary>
/// The call-back sub-dialogue of a waiting caller on the wire (<c>/voice/callback</c>, issue 13): Core's
/// <see cref="CallbackConversation"/> decides each answer; this renders it. It runs inside the queue's wait answer —
/// each question is a <c>&lt;Gather&gt;</c>, which a wait URL's answer may hold — so she keeps her place in the
/// provider's queue and in ours until she confirms, and a worker who becomes free meanwhile still reaches her.
/// Confirming records the request and her consent in one statement and ends the call with the flow's words.
/// </summary>
/// <remarks>
/// Our database down or too slow when she asks or confirms: she stays in the queue and hears so (<c>unavailable</c>).
/// Nothing is stored before she confirms; what she chose travels encrypted in the step URLs (<see cref="CallbackSecrets"/>).
/// Her number is never logged. Thread-safe (singleton).
/// </remarks>
internal sealed partial class CallbackDialogue(
    FlowVersionResolver versions,
    FlowRegistry flows,
    TwimlRenderer renderer,
    VoiceRoutes routes,
    CallbackSecrets secrets,
    CallbackStore store,
    CallerHasher hasher,
    CallerIdPolicy callerIds,
    StorageBudget budget,
    StepService steps,
    IOptions<CallbackOptions> options,
    TimeProvider time,
    ILogger<CallbackDialogue> logger)
{
    /// <summary>The literal dialogue state of the hold loop's offer (no secret in it).</summary>
    public const string Offer = "offer";

    /// <summary>The answer to a key pressed in the call-back offer or one of its questions.</summary>
    public async Task<string> AnswerAsync(VoiceWebhook webhook, string? dialogue)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var token = webhook.Step;
        var flow = token is null ? null : await versions.FindAsync(token.FlowHash);
        if (token is null || flow is null || flow.Definition.FindState(token.State) is not QueueState { Callback: { } callback } queue || webhook.CallSid is not { } sid || dialogue is null)
        {
            // A damaged or forged URL: the emergency answer, as for any step we cannot place.
            return steps.Emergency(flow ?? flows.Current, "callback", webhook.Request);
        }

        var keys = webhook.Request.Digits ?? string.Empty;
        var from = CallerNumber.Presentable(webhook.Request.From);
        CallbackReply reply;
        if (dialogue == Offer)
        {
            reply = CallbackConversation.Offer(flow, callback, keys, from);
            if (reply.Kind == CallbackTurnKind.Ask && !await ReachableAsync())
            {
                return Unavailable(flow, callback, token);
            }
        }
        else if (secrets.ReadDialogue(dialogue) is { } state)
        {
            reply = CallbackConversation.Answer(flow, callback, state, keys, from, time.GetUtcNow(), askCallerId: !string.IsNullOrWhiteSpace(options.Value.NeutralCallerId));
        }
        else
        {
            LogUnreadableState(logger, sid);
            reply = CallbackConversation.Back(flow, callback, understood: true);
        }

        return reply.Kind switch
        {
            CallbackTurnKind.Ask => Ask(flow, callback, token, reply),
            CallbackTurnKind.Confirm => await ConfirmAsync(flow, callback, queue, token, webhook, reply.Choice!),
            _ => Hold(flow, token, reply.Said),
        };
    }

    /// <summary>Asks the reply's question in a Gather whose action carries its state (encrypted).</summary>
    private string Ask(CompiledFlow flow, CallbackDefinition callback, StepToken token, CallbackReply reply)
    {
        string encrypted;
        try
        {
            encrypted = secrets.ProtectDialogue(reply.State!);
        }
        catch (Exception ex) when (StorageFault.Is(ex) || ex is System.Security.Cryptography.CryptographicException or InvalidOperationException)
        {
            // The key ring could not be read (it lives in PostgreSQL): she stays in the queue and hears so.
            LogStorageFault(logger, ex);
            return Unavailable(flow, callback, token);
        }

        var action = routes.CallbackUrl(token, encrypted);
        var gather = reply.TypesNumber
            ? new GatherOptions { Input = "dtmf", Action = action, Method = "POST", Timeout = 10, FinishOnKey = "#", ActionOnEmptyResult = true }
            : new GatherOptions { Input = "dtmf", Action = action, Method = "POST", Timeout = 6, NumDigits = 1, ActionOnEmptyResult = true };
        var response = new VoiceResponse().Gather(gather, content =>
        {
            foreach (var said in reply.Said)
            {
                renderer.Add(content, said);
            }
        });
        // Should the provider not post an empty result, the same URL hears "no key".
        return response.Redirect(action, "POST").ToXml();
    }

    /// <summary>She confirmed: the request and her consent are recorded in one statement, then the call ends with the flow's words.</summary>
    private async Task<string> ConfirmAsync(CompiledFlow flow, CallbackDefinition callback, QueueState queue, StepToken token, VoiceWebhook webhook, CallbackChoice choice)
    {
        var now = time.GetUtcNow();
        int id;
        using (var within = budget.Start())
        {
            try
            {
                var consent = new CallbackConsent(secrets.ProtectNumber(choice.Number), hasher.Hash(choice.Number), hasher.Hash(webhook.Request.From), choice.Window.Name,
                    choice.Window.From, choice.Window.To, choice.MessageAllowed, choice.CallerId, choice.Summary, now)
                {
                    CallSid = webhook.CallSid,
                    FlowHash = flow.Hash,
                    HelplineNumber = callerIds.Helpline(webhook.Request.To),
                    QueueName = queue.QueueName,
                };
                id = await store.RequestAsync(consent, null, [], now, within.Token);
            }
            catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException or System.Security.Cryptography.CryptographicException)
            {
                LogStorageFault(logger, ex);
                return Unavailable(flow, callback, token);
            }
        }

        LogRequested(logger, webhook.CallSid!, id, choice.Window.Name);
        var response = new VoiceResponse();
        renderer.Add(response, CallbackConversation.Confirmed(flow, callback, id));
        return response.Hangup().ToXml();
    }

    private async Task<bool> ReachableAsync()
    {
        using var within = budget.Start();
        try
        {
            await store.PingAsync(within.Token);
            return true;
        }
        catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
        {
            return false;
        }
    }

    private string Unavailable(CompiledFlow flow, CallbackDefinition callback, StepToken token) => Hold(flow, token, [flow.Speak(callback.Unavailable)]);

    /// <summary>Back to the hold audio (the answer ends; the provider asks the wait URL again, which may offer the call-back again).</summary>
    private string Hold(CompiledFlow flow, StepToken token, IReadOnlyList<VoiceInstruction> before) =>
        renderer.HoldWithOffer(flow, token.Position, null, null, null, before);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallSid} asked for call-back {Request} ({Window})")]
    private static partial void LogRequested(ILogger logger, string callSid, int request, string window);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallSid}: the call-back dialogue's state could not be read (expired or damaged); back to waiting")]
    private static partial void LogUnreadableState(ILogger logger, string callSid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable or slow during a call-back dialogue: the caller stays in the queue")]
    private static partial void LogStorageFault(ILogger logger, Exception ex);
}
