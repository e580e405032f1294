using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Voice;

namespace Helpline.Core.Callbacks;

/// <summary>
/// The call-back sub-dialogue as a small state machine of its own (issue 13), pure so that the server and the simulator
/// (<c>helpline simulate</c>, scenario tests) play exactly the same questions: the offer's key leads to the number (the
/// one she calls from, read back in pairs, or one she types), then the window, whether a message may be left, the
/// caller ID (only when the server has a neutral number and the flow asks), then the summary to confirm.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Keys of every question: 1 yes / this one, 2 no / another; the windows' own keys; a number ends with #.</item>
/// <item>No key or a key that means nothing: the question once more after <c>not-understood</c>, then back to waiting
/// (<c>back-to-queue</c>) — never silence. Two typed numbers refused: back to waiting, after the reason.</item>
/// <item>A number she calls from that cannot be shown (withheld, invalid) or that would be refused typed
/// (<see cref="TypedNumber.Callable"/>: 08, wrong length) is never offered: she is asked to type one.</item>
/// <item>The windows offered are those <see cref="CallbackWindows.Offered"/> resolves at the instant of the question.</item>
/// </list>
/// </remarks>
public static class CallbackConversation
{
    /// <summary>The mark that stands for the number in the summary kept with her consent.</summary>
    public const string NumberMark = "[numéro confirmé]";

    /// <summary>Her answer to the hold loop's offer: the first question when she pressed the offer's key, else back to waiting.</summary>
    public static CallbackReply Offer(CompiledFlow flow, CallbackDefinition callback, string keys, string? presentableFrom)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(callback);
        presentableFrom = TypedNumber.Callable(presentableFrom);
        return keys.Trim() == callback.OfferKey
            ? Ask(flow, callback, new CallbackDialogueState(presentableFrom is null ? DialogueStage.EnterNumber : DialogueStage.ConfirmNumber), presentableFrom, default, [])
            : Back(flow, callback, understood: false);
    }

    /// <summary>
    /// Her answer <paramref name="keys"/> to the question of <paramref name="state"/>, at <paramref name="now"/>;
    /// <paramref name="askCallerId"/> when a neutral number can be shown.
    /// </summary>
    public static CallbackReply Answer(CompiledFlow flow, CallbackDefinition callback, CallbackDialogueState state, string keys, string? presentableFrom, DateTimeOffset now, bool askCallerId)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentNullException.ThrowIfNull(state);
        keys = (keys ?? string.Empty).Trim();
        presentableFrom = TypedNumber.Callable(presentableFrom);
        var number = state.Number ?? presentableFrom;
        CallbackReply Next(CallbackDialogueState next) => Ask(flow, callback, next, presentableFrom, now, []);
        switch (state.Stage)
        {
            case DialogueStage.ConfirmNumber:
                return keys switch
                {
                    "1" when number is not null => Next(new CallbackDialogueState(DialogueStage.ChooseWindow) { Number = state.Number }),
                    "2" => Next(new CallbackDialogueState(DialogueStage.EnterNumber) { NumberFailures = state.NumberFailures }),
                    _ => Again(flow, callback, state, presentableFrom, now),
                };
            case DialogueStage.EnterNumber:
                if (keys.Trim('#').Length == 0)
                {
                    return Again(flow, callback, state, presentableFrom, now);
                }

                var (typed, _) = TypedNumber.Parse(keys);
                if (typed is not null)
                {
                    return Next(new CallbackDialogueState(DialogueStage.ConfirmNumber) { Number = typed });
                }

                var reason = flow.Speak(callback.InvalidNumber);
                return state.NumberFailures >= 1
                    ? Back(flow, callback, understood: true, [reason])
                    : Ask(flow, callback, state with { Tries = 0, NumberFailures = state.NumberFailures + 1 }, presentableFrom, now, [reason]);
            case DialogueStage.ChooseWindow:
                return CallbackWindows.Offered(callback, now, flow.Definition.Calendar).Any(w => w.Keys == keys)
                    ? Next(state with { Stage = DialogueStage.Message, Tries = 0, WindowKey = keys })
                    : Again(flow, callback, state, presentableFrom, now);
            case DialogueStage.Message:
                return keys is "1" or "2"
                    ? Next(state with { Stage = askCallerId && callback.CallerIdQuestion is not null ? DialogueStage.CallerId : DialogueStage.Summary, Tries = 0, MessageAllowed = keys == "1" })
                    : Again(flow, callback, state, presentableFrom, now);
            case DialogueStage.CallerId:
                return keys is "1" or "2"
                    ? Next(state with { Stage = DialogueStage.Summary, Tries = 0, CallerId = keys == "2" ? "neutral" : "helpline" })
                    : Again(flow, callback, state, presentableFrom, now);
            case DialogueStage.Summary:
                if (keys == "2")
                {
                    return Next(new CallbackDialogueState(number is null ? DialogueStage.EnterNumber : DialogueStage.ConfirmNumber) { Number = state.Number });
                }

                if (keys != "1")
                {
                    return Again(flow, callback, state, presentableFrom, now);
                }

                var window = CallbackWindows.Offered(callback, now, flow.Definition.Calendar).FirstOrDefault(w => w.Keys == state.WindowKey).Window;
                if (number is null || window is null)
                {
                    // Her window closed while she answered: ask again rather than guess.
                    return Next(state with { Stage = DialogueStage.ChooseWindow, Tries = 0 });
                }

                return new CallbackReply(CallbackTurnKind.Confirm, [], Choice: new CallbackChoice(number, window, state.MessageAllowed == true, state.CallerId ?? "helpline",
                    Summary(callback, state, NumberMark)));
            default:
                return Back(flow, callback, understood: true);
        }
    }

    /// <summary>The words said once the request is recorded as number <paramref name="id"/>.</summary>
    public static SayInstruction Confirmed(CompiledFlow flow, CallbackDefinition callback, int id)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(callback);
        return flow.Say(callback.Confirmed.Text.Replace("{rappel}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    /// <summary>Back to waiting: "not understood" when she pressed nothing that means something, then <c>back-to-queue</c>.</summary>
    public static CallbackReply Back(CompiledFlow flow, CallbackDefinition callback, bool understood, IReadOnlyList<VoiceInstruction>? before = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(callback);
        var said = new List<VoiceInstruction>(before ?? []);
        if (!understood)
        {
            said.Add(flow.Speak(callback.NotUnderstood));
        }

        said.Add(flow.Speak(callback.BackToQueue));
        return new CallbackReply(CallbackTurnKind.BackToQueue, said);
    }

    private static CallbackReply Again(CompiledFlow flow, CallbackDefinition callback, CallbackDialogueState state, string? presentableFrom, DateTimeOffset now) =>
        state.Tries >= 1
            ? Back(flow, callback, understood: false)
            : Ask(flow, callback, state with { Tries = state.Tries + 1 }, presentableFrom, now, [flow.Speak(callback.NotUnderstood)]);

    private static CallbackReply Ask(CompiledFlow flow, CallbackDefinition callback, CallbackDialogueState state, string? presentableFrom, DateTimeOffset now, IReadOnlyList<VoiceInstruction> before)
    {
        var said = new List<VoiceInstruction>(before);
        var number = state.Number ?? presentableFrom;
        switch (state.Stage)
        {
            case DialogueStage.ConfirmNumber:
                said.Add(flow.Say(callback.ConfirmNumber.Text.Replace("{numero}", number is null ? string.Empty : SpokenNumber.For(number), StringComparison.Ordinal)));
                break;
            case DialogueStage.EnterNumber:
                said.Add(flow.Speak(callback.EnterNumber));
                break;
            case DialogueStage.ChooseWindow:
                said.Add(flow.Speak(callback.ChooseWindow));
                said.AddRange(CallbackWindows.Offered(callback, now, flow.Definition.Calendar).Where(w => w.Definition is not null).Select(w => flow.Speak(w.Definition!.Prompt)));
                break;
            case DialogueStage.Message:
                said.Add(flow.Speak(callback.MessageQuestion));
                break;
            case DialogueStage.CallerId:
                said.Add(flow.Speak(callback.CallerIdQuestion!));
                break;
            case DialogueStage.Summary:
                said.Add(flow.Say(Summary(callback, state, number is null ? string.Empty : SpokenNumber.For(number))));
                break;
        }

        return new CallbackReply(CallbackTurnKind.Ask, said, state);
    }

    /// <summary>The summary's words with <paramref name="number"/> (spoken, or <see cref="NumberMark"/> for the record).</summary>
    private static string Summary(CallbackDefinition callback, CallbackDialogueState state, string number)
    {
        var window = state.WindowKey == CallbackWindows.AsSoonAsPossibleKey
            ? callback.AsSoonAsPossibleSaid
            : callback.Windows.FirstOrDefault(w => w.Keys == state.WindowKey)?.Said ?? callback.AsSoonAsPossibleSaid;
        return callback.Summary.Text
            .Replace("{numero}", number, StringComparison.Ordinal)
            .Replace("{quand}", window, StringComparison.Ordinal)
            .Replace("{affichage}", state.CallerId == "neutral" ? callback.NeutralCallerIdSaid ?? callback.HelplineCallerIdSaid : callback.HelplineCallerIdSaid, StringComparison.Ordinal)
            .Replace("{message}", state.MessageAllowed == true ? callback.MessageAllowedSaid : callback.MessageRefusedSaid, StringComparison.Ordinal)
            .Replace("{rappel}", string.Empty, StringComparison.Ordinal);
    }
}
