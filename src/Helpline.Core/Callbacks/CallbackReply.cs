using Helpline.Core.Voice;

namespace Helpline.Core.Callbacks;

/// <summary>
/// One answer of the call-back sub-dialogue: what to say (the prompts of the flow, and words made for this call such
/// as the number in pairs), and either the next question (its state, and whether it takes a typed number ended by
/// <c>#</c>), a return to waiting, or her confirmed choice.
/// </summary>
/// <param name="Kind">What happens.</param>
/// <param name="Said">What she hears, in order (the question's words last).</param>
/// <param name="State">For <see cref="CallbackTurnKind.Ask"/>: the question's state (its answer comes back with it).</param>
/// <param name="Choice">For <see cref="CallbackTurnKind.Confirm"/>: what she agreed to.</param>
public sealed record CallbackReply(CallbackTurnKind Kind, IReadOnlyList<VoiceInstruction> Said, CallbackDialogueState? State = null, CallbackChoice? Choice = null)
{
    /// <summary>True when the question takes a number typed on the keypad, ended by <c>#</c> (otherwise one key).</summary>
    public bool TypesNumber => State?.Stage == DialogueStage.EnterNumber;
}
