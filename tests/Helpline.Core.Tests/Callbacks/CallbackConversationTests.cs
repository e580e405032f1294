using Helpline.Core.Callbacks;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Tests.Flows;
using Helpline.Core.Voice;

namespace Helpline.Core.Tests.Callbacks;

/// <summary>
/// The call-back sub-dialogue of the shipped flow as a table: the number she calls from, the keys she presses from the
/// offer on (one answer per key, "-" for no key, a typed number ends with #), and what each answer does — the question
/// asked next, back to waiting, or her confirmed choice — with the first words she hears when they matter.
/// </summary>
public sealed class CallbackConversationTests
{
    /// <summary>Tuesday 10:00 in Paris: the line is open, "cet après-midi" (key 2) and "demain matin" (key 3) are offered.</summary>
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));

    private static readonly CompiledFlow Flow = FlowFiles.DefaultFlow();

    private static readonly CallbackDefinition Callback = Flow.Definition.States.OfType<QueueState>().Single(q => q.Callback is not null).Callback!;

    public static TheoryData<string, string, string, string> Dialogues() => new()
    {
        // case                                       from              keys (offer first)      answers, in order
        { "her own number, as soon as possible",      "+33612345678",   "1 1 1 2 1",            "ConfirmNumber ChooseWindow Message Summary confirm:+33612345678,asap,no-message" },
        { "her own number, tomorrow, message agreed", "+33612345678",   "1 1 3 1 1",            "ConfirmNumber ChooseWindow Message Summary confirm:+33612345678,demain-matin,message" },
        { "another number typed",                     "+33612345678",   "1 2 0623456789# 1 2 2 1", "ConfirmNumber EnterNumber ConfirmNumber ChooseWindow Message Summary confirm:+33623456789,cet-apres-midi,no-message" },
        { "withheld: she must type one",              "anonymous",      "1 0623456789# 1 1 2 1", "EnterNumber ConfirmNumber ChooseWindow Message Summary confirm:+33623456789,asap,no-message" },
        { "a key other than the offer's",             "+33612345678",   "5",                    "back:not-understood" },
        { "no key twice at the number",               "+33612345678",   "1 - -",                "ConfirmNumber ConfirmNumber:not-understood back:not-understood" },
        { "a wrong key then the right one",           "+33612345678",   "1 9 1",                "ConfirmNumber ConfirmNumber:not-understood ChooseWindow" },
        { "a window not offered, twice",              "+33612345678",   "1 1 7 7",              "ConfirmNumber ChooseWindow ChooseWindow:not-understood back:not-understood" },
        { "a short number refused, then a good one",  "+33612345678",   "1 2 17# 0623456789#",  "ConfirmNumber EnterNumber EnterNumber:invalid-number ConfirmNumber" },
        { "two numbers refused: back to waiting",     "+33612345678",   "1 2 17# 0899123456#",  "ConfirmNumber EnterNumber EnterNumber:invalid-number back:invalid-number" },
        { "only # typed counts as no key",            "anonymous",      "1 # #",                "EnterNumber EnterNumber:not-understood back:not-understood" },
        { "the summary's 2 starts again",             "+33612345678",   "1 1 1 2 2",            "ConfirmNumber ChooseWindow Message Summary ConfirmNumber" },
    };

    [Theory]
    [MemberData(nameof(Dialogues))]
    public void Each_key_leads_to_the_next_question_back_to_waiting_or_her_confirmed_choice(string @case, string from, string keys, string expected)
    {
        var presentable = from.StartsWith('+') ? from : null;
        var answers = new List<string>();
        CallbackDialogueState? state = null;
        foreach (var key in keys.Split(' '))
        {
            var pressed = key == "-" ? string.Empty : key;
            var reply = state is null
                ? CallbackConversation.Offer(Flow, Callback, pressed, presentable)
                : CallbackConversation.Answer(Flow, Callback, state, pressed, presentable, TuesdayMorning, askCallerId: false);
            answers.Add(Describe(reply));
            state = reply.State;
            if (reply.Kind != CallbackTurnKind.Ask)
            {
                break;
            }
        }

        Assert.True(expected == string.Join(' ', answers), $"{@case}: expected {expected}, got {string.Join(' ', answers)}");
    }

    [Fact]
    public void The_number_she_calls_from_is_read_back_in_pairs()
    {
        var reply = CallbackConversation.Offer(Flow, Callback, "1", "+33612345678");

        var said = Assert.IsType<SayInstruction>(Assert.Single(reply.Said));
        Assert.Contains("06, 12, 34, 56, 78", said.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_caller_id_is_asked_only_when_a_neutral_number_can_be_shown()
    {
        var atMessage = new CallbackDialogueState(DialogueStage.Message) { WindowKey = "1" };

        var without = CallbackConversation.Answer(Flow, Callback, atMessage, "2", "+33612345678", TuesdayMorning, askCallerId: false);
        var with = CallbackConversation.Answer(Flow, Callback, atMessage, "2", "+33612345678", TuesdayMorning, askCallerId: true);

        Assert.Equal(DialogueStage.Summary, without.State!.Stage);
        Assert.Equal(Callback.CallerIdQuestion is null ? DialogueStage.Summary : DialogueStage.CallerId, with.State!.Stage);
    }

    [Fact]
    public void The_summary_kept_with_her_consent_never_holds_her_number()
    {
        var atSummary = new CallbackDialogueState(DialogueStage.Summary) { WindowKey = "2", MessageAllowed = false };

        var heard = CallbackConversation.Answer(Flow, Callback, atSummary with { Stage = DialogueStage.Message }, "2", "+33612345678", TuesdayMorning, askCallerId: false);
        var confirmed = CallbackConversation.Answer(Flow, Callback, atSummary, "1", "+33612345678", TuesdayMorning, askCallerId: false);

        Assert.Contains("06, 12, 34, 56, 78", Assert.IsType<SayInstruction>(heard.Said[^1]).Text, StringComparison.Ordinal);
        Assert.Equal(CallbackTurnKind.Confirm, confirmed.Kind);
        Assert.DoesNotContain("12, 34", confirmed.Choice!.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("612345678", confirmed.Choice.Summary, StringComparison.Ordinal);
        Assert.Contains(CallbackConversation.NumberMark, confirmed.Choice.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_that_closed_while_she_answered_is_asked_again_rather_than_guessed()
    {
        // She chose "cet après-midi" at 10:00 and confirms at 16:55: under ten minutes are left, it is no longer offered.
        var atSummary = new CallbackDialogueState(DialogueStage.Summary) { WindowKey = "2", MessageAllowed = false };

        var reply = CallbackConversation.Answer(Flow, Callback, atSummary, "1", "+33612345678", TuesdayMorning.AddHours(6).AddMinutes(55), askCallerId: false);

        Assert.Equal(CallbackTurnKind.Ask, reply.Kind);
        Assert.Equal(DialogueStage.ChooseWindow, reply.State!.Stage);
    }

    private static string Describe(CallbackReply reply)
    {
        // The words said before the question or the return to waiting: "not understood" or why a number was refused.
        var first = reply.Said.Count > 0 && Name(reply.Said[0]) is "not-understood" or "invalid-number" ? ":" + Name(reply.Said[0]) : string.Empty;
        return reply.Kind switch
        {
            CallbackTurnKind.Ask => reply.State!.Stage + first,
            CallbackTurnKind.BackToQueue => "back" + first,
            _ => $"confirm:{reply.Choice!.Number},{(reply.Choice.Window.Name == CallbackWindows.AsSoonAsPossible ? "asap" : reply.Choice.Window.Name)},{(reply.Choice.MessageAllowed ? "message" : "no-message")}",
        };
    }

    private static string Name(VoiceInstruction said)
    {
        var text = said switch
        {
            PlayInstruction play => play.Text,
            SayInstruction say => say.Text,
            _ => said.ToString()!,
        };
        return text == Callback.NotUnderstood.Text ? "not-understood"
            : text == Callback.InvalidNumber.Text ? "invalid-number"
            : text;
    }
}
