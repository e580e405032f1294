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
/// The call-back sub-dialogue of a waiting caller (<c>/voice/callback</c>, issue 13). It runs inside the queue's wait
/// answer — each question is a <c>&lt;Gather&gt;</c>, which a wait URL's answer may hold — so she keeps her place in
/// the provider's queue and in ours until she confirms, and a worker who becomes free meanwhile still reaches her. The
/// offer's key leads to the number (the one she calls from, read back in pairs, or one she types), the window, whether
/// a message may be left, the caller ID (when a neutral number is configured and the flow asks), then a summary to
/// confirm. Confirming records the request and her consent in one statement and ends the call with the flow's words.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>No key, or a key that means nothing: the question is asked once more after <c>not-understood</c>, then she goes
/// back to waiting (<c>back-to-queue</c>, then the hold audio) — never silence, never a dead end.</item>
/// <item>A withheld number (or one that is not a number) is never offered to be called: she is asked to type one.</item>
/// <item>Our database down or too slow when she asks or confirms: she stays in the queue and hears so (<c>unavailable</c>).</item>
/// <item>Nothing is stored before she confirms; what she chose travels encrypted in the step URLs (<see cref="CallbackSecrets"/>).
/// Her number is never logged.</item>
/// </list>
/// Thread-safe (singleton).
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
        if (token is null || flow is null || flow.Definition.FindState(token.State) is not QueueState { Callback: { } callback } || webhook.CallSid is null || dialogue is null)
        {
            // A damaged or forged URL: the emergency answer, as for any step we cannot place.
            return steps.Emergency(flow ?? flows.Current, "callback", webhook.Request);
        }

        var keys = (webhook.Request.Digits ?? string.Empty).Trim();
        var context = new Turn(flow, token, callback, webhook);
        if (dialogue == Offer)
        {
            if (keys != callback.OfferKey)
            {
                return BackToQueue(context, understood: false);
            }

            if (!await ReachableAsync())
            {
                return Unavailable(context);
            }

            var from = CallerNumber.Presentable(webhook.Request.From);
            return Ask(context, new DialogueState(from is null ? DialogueStage.EnterNumber : DialogueStage.ConfirmNumber));
        }

        if (secrets.ReadDialogue(dialogue) is not { } state)
        {
            LogUnreadableState(logger, webhook.CallSid);
            return BackToQueue(context, understood: true);
        }

        return state.Stage switch
        {
            DialogueStage.ConfirmNumber => keys switch
            {
                "1" when NumberOf(state, webhook) is not null => Ask(context, new DialogueState(DialogueStage.ChooseWindow) { Number = state.Number }),
                "2" => Ask(context, new DialogueState(DialogueStage.EnterNumber) { NumberFailures = state.NumberFailures }),
                _ => Again(context, state),
            },
            DialogueStage.EnterNumber => Entered(context, state, keys),
            DialogueStage.ChooseWindow => CallbackWindows.Offered(callback, time.GetUtcNow(), flow.Definition.Calendar).Any(w => w.Keys == keys)
                ? Ask(context, state with { Stage = DialogueStage.Message, Tries = 0, WindowKey = keys })
                : Again(context, state),
            DialogueStage.Message => keys switch
            {
                "1" or "2" => Ask(context, state with { Stage = AskCallerId(callback) ? DialogueStage.CallerId : DialogueStage.Summary, Tries = 0, MessageAllowed = keys == "1" }),
                _ => Again(context, state),
            },
            DialogueStage.CallerId => keys switch
            {
                "1" or "2" => Ask(context, state with { Stage = DialogueStage.Summary, Tries = 0, CallerId = keys == "2" ? "neutral" : "helpline" }),
                _ => Again(context, state),
            },
            DialogueStage.Summary => keys switch
            {
                "1" => await ConfirmAsync(context, state),
                "2" => Ask(context, new DialogueState(NumberOf(state, webhook) is null ? DialogueStage.EnterNumber : DialogueStage.ConfirmNumber) { Number = state.Number }),
                _ => Again(context, state),
            },
            _ => BackToQueue(context, understood: true),
        };
    }

    private bool AskCallerId(CallbackDefinition callback) => callback.CallerIdQuestion is not null && !string.IsNullOrWhiteSpace(options.Value.NeutralCallerId);

    /// <summary>The number to call: the one she typed, else the one she calls from when it can be shown.</summary>
    private static string? NumberOf(DialogueState state, VoiceWebhook webhook) => state.Number ?? CallerNumber.Presentable(webhook.Request.From);

    private string Entered(Turn turn, DialogueState state, string keys)
    {
        if (keys.Trim('#').Length == 0)
        {
            return Again(turn, state);
        }

        var (number, problem) = TypedNumber.Parse(keys);
        if (number is null)
        {
            LogRefusedNumber(logger, turn.Webhook.CallSid!, problem);
            var failures = state.NumberFailures + 1;
            return failures >= 2
                ? BackToQueue(turn, understood: true, [turn.Flow.Speak(turn.Callback.InvalidNumber)])
                : Ask(turn, state with { Tries = 0, NumberFailures = failures }, [turn.Flow.Speak(turn.Callback.InvalidNumber)]);
        }

        return Ask(turn, new DialogueState(DialogueStage.ConfirmNumber) { Number = number });
    }

    /// <summary>The question again after "not understood", or back to waiting the second time.</summary>
    private string Again(Turn turn, DialogueState state) =>
        state.Tries >= 1 ? BackToQueue(turn, understood: false) : Ask(turn, state with { Tries = state.Tries + 1 }, [turn.Flow.Speak(turn.Callback.NotUnderstood)]);

    /// <summary>Asks <paramref name="state"/>'s question in a Gather whose action carries the state (encrypted).</summary>
    private string Ask(Turn turn, DialogueState state, IReadOnlyList<VoiceInstruction>? before = null)
    {
        string encrypted;
        try
        {
            encrypted = secrets.ProtectDialogue(state);
        }
        catch (Exception ex) when (StorageFault.Is(ex) || ex is System.Security.Cryptography.CryptographicException or InvalidOperationException)
        {
            // The key ring could not be read (it lives in PostgreSQL): she stays in the queue and hears so.
            LogStorageFault(logger, ex, turn.Webhook.CallSid!);
            return Unavailable(turn);
        }

        var (flow, callback) = (turn.Flow, turn.Callback);
        var question = new List<VoiceInstruction>(before ?? []);
        var gather = new GatherOptions { Input = "dtmf", Action = routes.CallbackUrl(turn.Token, encrypted), Method = "POST", Timeout = 6, NumDigits = 1, ActionOnEmptyResult = true };
        switch (state.Stage)
        {
            case DialogueStage.ConfirmNumber:
                question.Add(flow.Say(Fill(callback.ConfirmNumber.Text, NumberOf(state, turn.Webhook) is { } n ? SpokenNumber.For(n) : string.Empty)));
                break;
            case DialogueStage.EnterNumber:
                question.Add(flow.Speak(callback.EnterNumber));
                gather = gather with { NumDigits = null, FinishOnKey = "#", Timeout = 10 };
                break;
            case DialogueStage.ChooseWindow:
                question.Add(flow.Speak(callback.ChooseWindow));
                foreach (var (_, _, definition) in CallbackWindows.Offered(callback, time.GetUtcNow(), flow.Definition.Calendar))
                {
                    if (definition is not null)
                    {
                        question.Add(flow.Speak(definition.Prompt));
                    }
                }

                break;
            case DialogueStage.Message:
                question.Add(flow.Speak(callback.MessageQuestion));
                break;
            case DialogueStage.CallerId:
                question.Add(flow.Speak(callback.CallerIdQuestion!));
                break;
            case DialogueStage.Summary:
                question.Add(flow.Say(Summary(turn, state, SpokenNumber.For(NumberOf(state, turn.Webhook) ?? string.Empty))));
                break;
        }

        var response = new VoiceResponse().Gather(gather, content => question.ForEach(q => renderer.Add(content, q)));
        return response.Redirect(gather.Action!, "POST").ToXml();
    }

    /// <summary>The summary's words with <paramref name="number"/> (the spoken number, or a neutral mark for the record).</summary>
    private static string Summary(Turn turn, DialogueState state, string number)
    {
        var callback = turn.Callback;
        var window = state.WindowKey == CallbackWindows.AsSoonAsPossibleKey
            ? callback.AsSoonAsPossibleSaid
            : callback.Windows.FirstOrDefault(w => w.Keys == state.WindowKey)?.Said ?? callback.AsSoonAsPossibleSaid;
        return Fill(callback.Summary.Text, number)
            .Replace("{quand}", window, StringComparison.Ordinal)
            .Replace("{affichage}", state.CallerId == "neutral" ? callback.NeutralCallerIdSaid ?? callback.HelplineCallerIdSaid : callback.HelplineCallerIdSaid, StringComparison.Ordinal)
            .Replace("{message}", state.MessageAllowed == true ? callback.MessageAllowedSaid : callback.MessageRefusedSaid, StringComparison.Ordinal);
    }

    private static string Fill(string text, string number) => text.Replace("{numero}", number, StringComparison.Ordinal);

    /// <summary>She confirmed: the request and her consent are recorded in one statement, then the call ends with the flow's words.</summary>
    private async Task<string> ConfirmAsync(Turn turn, DialogueState state)
    {
        var (flow, callback, webhook) = (turn.Flow, turn.Callback, turn.Webhook);
        var now = time.GetUtcNow();
        var window = CallbackWindows.Offered(callback, now, flow.Definition.Calendar).FirstOrDefault(w => w.Keys == state.WindowKey).Window;
        if (NumberOf(state, webhook) is not { } number || window is null)
        {
            // Her window has just passed (she took long enough for it to close): ask again rather than guess.
            return Ask(turn, state with { Stage = DialogueStage.ChooseWindow, Tries = 0 });
        }

        int id;
        using (var within = budget.Start())
        {
            try
            {
                var consent = new CallbackConsent(secrets.ProtectNumber(number), hasher.Hash(number), hasher.Hash(webhook.Request.From), window.Name, window.From, window.To,
                    state.MessageAllowed == true, state.CallerId ?? "helpline", Summary(turn, state, "[numéro confirmé]"), now)
                {
                    CallSid = webhook.CallSid,
                    FlowHash = flow.Hash,
                    HelplineNumber = callerIds.Helpline(webhook.Request.To),
                    QueueName = ((QueueState)flow.Definition.FindState(turn.Token.State)!).QueueName,
                };
                id = await store.RequestAsync(consent, null, [], now, within.Token);
            }
            catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException or System.Security.Cryptography.CryptographicException)
            {
                LogStorageFault(logger, ex, webhook.CallSid!);
                return Unavailable(turn);
            }
        }

        LogRequested(logger, webhook.CallSid!, id, window.Name);
        var confirmed = callback.Confirmed.Text.Replace("{rappel}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var response = new VoiceResponse();
        renderer.Add(response, flow.Say(confirmed));
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

    private string Unavailable(Turn turn) => Hold(turn, [turn.Flow.Speak(turn.Callback.Unavailable)]);

    private string BackToQueue(Turn turn, bool understood, IReadOnlyList<VoiceInstruction>? before = null)
    {
        var said = new List<VoiceInstruction>(before ?? []);
        if (!understood)
        {
            said.Add(turn.Flow.Speak(turn.Callback.NotUnderstood));
        }

        said.Add(turn.Flow.Speak(turn.Callback.BackToQueue));
        return Hold(turn, said);
    }

    /// <summary>Back to the hold audio (the answer ends; the provider asks the wait URL again, which may offer the call-back again).</summary>
    private string Hold(Turn turn, IReadOnlyList<VoiceInstruction> before) =>
        renderer.HoldWithOffer(turn.Flow, turn.Token.Position, null, null, null, before);

    private sealed record Turn(CompiledFlow Flow, StepToken Token, CallbackDefinition Callback, VoiceWebhook Webhook);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallSid} asked for call-back {Request} ({Window})")]
    private static partial void LogRequested(ILogger logger, string callSid, int request, string window);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallSid} typed a number that cannot be called back ({Problem})")]
    private static partial void LogRefusedNumber(ILogger logger, string callSid, TypedNumber.Problem problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallSid}: the call-back dialogue's state could not be read (expired or damaged); back to waiting")]
    private static partial void LogUnreadableState(ILogger logger, string callSid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable or slow during the call-back dialogue of call {CallSid}: she stays in the queue")]
    private static partial void LogStorageFault(ILogger logger, Exception ex, string callSid);
}
