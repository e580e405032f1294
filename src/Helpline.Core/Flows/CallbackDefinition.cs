namespace Helpline.Core.Flows;

/// <summary>
/// A queue state's call-back offer (<c>callback-offer-after-seconds</c> and the <c>callback:</c> block, issue 13): after
/// <see cref="OfferAfterSeconds"/> of waiting, the hold loop says <see cref="Offer"/> and listens for
/// <see cref="OfferKey"/>; the sub-dialogue then confirms the number, the window, whether a message may be left and the
/// caller ID, and reads a summary to confirm. Every word is the flow's (French); the keys of each question are fixed
/// and said by its prompt: 1 yes / this, 2 no / another, the windows' own keys.
/// </summary>
/// <remarks>
/// Prompts with a number in them (<see cref="ConfirmNumber"/>, <see cref="Summary"/>, <see cref="Confirmed"/>) are
/// spoken (text to speech, like the position announcements); the others may be recorded. Placeholders:
/// <c>{numero}</c> (the number in groups of two digits), <c>{quand}</c> (the window's words), <c>{message}</c>
/// (<see cref="MessageAllowedSaid"/> or <see cref="MessageRefusedSaid"/>), <c>{affichage}</c> (the caller ID's
/// words), <c>{rappel}</c> (the request's number).
/// </remarks>
public sealed record CallbackDefinition
{
    /// <summary>Seconds of waiting before the call-back is offered.</summary>
    public required int OfferAfterSeconds { get; init; }

    /// <summary>The key that asks for a call-back in the hold loop.</summary>
    public required string OfferKey { get; init; }

    /// <summary>Said in the hold loop once the offer is due.</summary>
    public required PromptDefinition Offer { get; init; }

    /// <summary>"Nous vous rappellerons au {numero}. Pour confirmer, tapez 1 ; pour un autre numéro, tapez 2."</summary>
    public required PromptDefinition ConfirmNumber { get; init; }

    /// <summary>Asks her to type a number, then #.</summary>
    public required PromptDefinition EnterNumber { get; init; }

    /// <summary>Why a typed number is refused (said before asking again).</summary>
    public required PromptDefinition InvalidNumber { get; init; }

    /// <summary>Asks when; "dès que possible" is key 1.</summary>
    public required PromptDefinition ChooseWindow { get; init; }

    /// <summary>The words of "as soon as possible" in the summary and the whisper.</summary>
    public required string AsSoonAsPossibleSaid { get; init; }

    /// <summary>The named windows, in file order.</summary>
    public required IReadOnlyList<CallbackWindowDefinition> Windows { get; init; }

    /// <summary>Asks whether a neutral message may be left (1 yes, 2 no; no by default).</summary>
    public required PromptDefinition MessageQuestion { get; init; }

    /// <summary>The summary's words when a message may be left.</summary>
    public required string MessageAllowedSaid { get; init; }

    /// <summary>The summary's words when no message may be left.</summary>
    public required string MessageRefusedSaid { get; init; }

    /// <summary>Asks which number shows (1 the helpline's, 2 a neutral one); null: not asked (the helpline's number shows).</summary>
    public PromptDefinition? CallerIdQuestion { get; init; }

    /// <summary>The summary's words for the helpline's number showing.</summary>
    public required string HelplineCallerIdSaid { get; init; }

    /// <summary>The summary's words for the neutral number showing.</summary>
    public string? NeutralCallerIdSaid { get; init; }

    /// <summary>The summary, with its placeholders, ending with "pour confirmer, tapez 1 ; pour recommencer, tapez 2".</summary>
    public required PromptDefinition Summary { get; init; }

    /// <summary>Said once the request is recorded (then the call ends).</summary>
    public required PromptDefinition Confirmed { get; init; }

    /// <summary>Said when she goes back to waiting (no key, keys that mean nothing, or she asked to).</summary>
    public required PromptDefinition BackToQueue { get; init; }

    /// <summary>Said when the request cannot be taken now (our database is down): she keeps waiting.</summary>
    public required PromptDefinition Unavailable { get; init; }

    /// <summary>Said before a question is asked again after no key or a key that means nothing.</summary>
    public required PromptDefinition NotUnderstood { get; init; }

    /// <summary>Said at the start of a new call from a caller with a call-back pending: 1 cancels it.</summary>
    public required PromptDefinition CancelOffer { get; init; }

    /// <summary>Said once the pending call-back is cancelled.</summary>
    public required PromptDefinition Cancelled { get; init; }

    /// <summary>Left on an answering machine or with whoever answers when she agreed to a message: never names the service.</summary>
    public required PromptDefinition NeutralMessage { get; init; }

    /// <summary>What the worker hears before accepting, with <c>{rappel}</c>, <c>{choix}</c>, <c>{quand}</c>, <c>{message}</c>, <c>{etiquettes}</c>; ends with "tapez 1 pour appeler".</summary>
    public required string Whisper { get; init; }

    /// <summary>The worker's whisper words for "a message may be left".</summary>
    public required string WhisperMessageAllowed { get; init; }

    /// <summary>The worker's whisper words for "no message".</summary>
    public required string WhisperMessageRefused { get; init; }

    /// <summary>Said to the worker when the person was not reached (the request stays or ends, as the line's rule says).</summary>
    public required string WorkerNotReached { get; init; }

    /// <summary>Said to the worker when the request is no longer to be made (cancelled, or already handled).</summary>
    public required string WorkerCancelled { get; init; }

    /// <summary>Said to the worker when the call-back cannot be placed now (our database is down): the request stays in the queue.</summary>
    public required string WorkerUnavailable { get; init; }

    /// <summary>Every prompt of the block (for validation and recordings).</summary>
    public IEnumerable<PromptDefinition> Prompts =>
        new[] { Offer, ConfirmNumber, EnterNumber, InvalidNumber, ChooseWindow, MessageQuestion, CallerIdQuestion, Summary, Confirmed, BackToQueue, Unavailable, NotUnderstood, CancelOffer, Cancelled, NeutralMessage }
            .Concat(Windows.Select(w => w.Prompt))
            .OfType<PromptDefinition>();

    /// <summary>The placeholders the spoken prompts may use.</summary>
    public static IReadOnlyList<string> Placeholders { get; } = ["{numero}", "{quand}", "{message}", "{affichage}", "{rappel}"];

    /// <summary>The placeholders the worker's whisper may use.</summary>
    public static IReadOnlyList<string> WhisperPlaceholders { get; } = ["{rappel}", "{choix}", "{quand}", "{message}", "{etiquettes}"];
}
