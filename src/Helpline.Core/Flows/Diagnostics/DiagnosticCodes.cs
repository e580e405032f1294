namespace Helpline.Core.Flows.Diagnostics;

/// <summary>
/// Every code the flow validator can report, with a one-line meaning. Codes are stable: operators' notes, the operator
/// guide and scripts refer to them. Add new codes at the end of their group; never reuse one.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>The file is not valid YAML (or is empty, binary or too large).</summary>
    public const string Syntax = "HL100";

    /// <summary>A key the schema does not know (often a typo).</summary>
    public const string UnknownKey = "HL101";

    /// <summary>A required key is missing.</summary>
    public const string MissingKey = "HL102";

    /// <summary>A value has the wrong shape (a list where a text was expected…).</summary>
    public const string WrongType = "HL103";

    /// <summary>The same key is written twice in one block.</summary>
    public const string DuplicateKey = "HL104";

    /// <summary>A value is not acceptable (bad number, bad time range, unknown state type…).</summary>
    public const string InvalidValue = "HL105";

    /// <summary>
    /// A state name the server could not carry in its step URLs exactly as written: empty, with spaces at either end
    /// (references are read without them), a control character, or longer than the provider's URLs allow.
    /// </summary>
    public const string InvalidStateName = "HL106";

    /// <summary>A text longer than the provider's speech synthesis accepts in one go.</summary>
    public const string TextTooLong = "HL107";

    /// <summary>A queue name the provider refuses (too long) or that our answers cannot carry as written (a control character).</summary>
    public const string InvalidQueueName = "HL108";

    /// <summary>
    /// A placeholder between braces that the server does not fill in a queue announcement (callers would hear it as
    /// written): an error in <c>announce-position</c> and <c>announce-estimate</c>, a warning in the older <c>announce</c>.
    /// </summary>
    public const string UnknownPlaceholder = "HL109";

    /// <summary>A tag name that is not lower-case words joined by dashes (or is too long).</summary>
    public const string InvalidTagName = "HL110";

    /// <summary>A reference to a state that does not exist.</summary>
    public const string UnknownState = "HL200";

    /// <summary>A reference to a destination that does not exist.</summary>
    public const string UnknownDestination = "HL201";

    /// <summary>A menu choice sets a tag the flow does not declare.</summary>
    public const string UnknownTag = "HL205";

    /// <summary>An hours state names a calendar that <c>calendars:</c> does not declare.</summary>
    public const string UnknownCalendar = "HL202";

    /// <summary>No state can be reached from the start state.</summary>
    public const string UnreachableState = "HL300";

    /// <summary>States from which a call can never end (a loop with no exit).</summary>
    public const string NoWayOut = "HL301";

    /// <summary>A path where the caller could hear nothing: a failure hung up without a word, an empty prompt.</summary>
    public const string Silence = "HL302";

    /// <summary>Two menu choices that are the same or that overlap (one is the start of another).</summary>
    public const string OverlappingChoices = "HL303";

    /// <summary>A menu with no path for a caller who presses nothing.</summary>
    public const string MenuWithoutTimeout = "HL304";

    /// <summary>States that go on to each other without ever waiting for the caller (an endless loop).</summary>
    public const string AutomaticLoop = "HL305";

    /// <summary>Messages and hours checks that chain into one answer larger than the provider accepts.</summary>
    public const string AnswerTooLarge = "HL306";

    /// <summary>
    /// An hours branch its named calendar can never take (a calendar that never opens, or is open around the clock every
    /// day without holidays or closures): no override can change a named calendar, so the branch is dead (warning).
    /// </summary>
    public const string BranchNeverTaken = "HL307";

    /// <summary>A phone number that is neither E.164 nor a French short number.</summary>
    public const string InvalidPhoneNumber = "HL400";

    /// <summary>A recording that does not exist (a warning when the spoken text can stand in for it).</summary>
    public const string MissingPrompt = "HL401";

    /// <summary>A destination that is declared but never used (warning).</summary>
    public const string UnusedDestination = "HL402";

    /// <summary>A recording the provider cannot play (its format, or a path too long for a URL): a warning, the text is spoken instead.</summary>
    public const string UnplayableRecording = "HL403";

    /// <summary>An older key still read, whose behaviour changed (warning): the message says what callers now hear and the key to use.</summary>
    public const string ObsoleteKey = "HL404";

    /// <summary>A calendar declared under <c>calendars:</c> that no hours state names (warning).</summary>
    public const string UnusedCalendar = "HL406";

    /// <summary>
    /// One recording played by prompts with different words (warning): the recording can say only one of them, and
    /// <c>ops/make-prompts</c> records the first.
    /// </summary>
    public const string RecordingWithOtherWords = "HL405";

    /// <summary>Every code with its meaning, in order: the operator guide lists them and a test keeps both in step.</summary>
    public static IReadOnlyList<(string Code, string Meaning)> All { get; } =
    [
        (Syntax, "The file is not valid YAML (or is empty, binary or too large)."),
        (UnknownKey, "A key the schema does not know (often a typo)."),
        (MissingKey, "A required key is missing."),
        (WrongType, "A value has the wrong shape (a list where a text was expected…)."),
        (DuplicateKey, "The same key is written twice in one block."),
        (InvalidValue, "A value is not acceptable (bad number, bad time range, unknown state type…)."),
        (InvalidStateName, "A state name the server cannot carry in its URLs as written."),
        (TextTooLong, "A text too long for the provider to speak."),
        (InvalidQueueName, "A queue name the provider refuses."),
        (UnknownPlaceholder, "A placeholder the server does not fill in a queue announcement."),
        (InvalidTagName, "A tag name that is not lower-case words joined by dashes."),
        (UnknownState, "A reference to a state that does not exist."),
        (UnknownDestination, "A reference to a destination that does not exist."),
        (UnknownCalendar, "A reference to a calendar that does not exist."),
        (UnknownTag, "A menu choice sets a tag the flow does not declare."),
        (UnreachableState, "No path leads to this state from the start state."),
        (NoWayOut, "A call that reaches these states can never end."),
        (Silence, "A path where the caller could hear nothing."),
        (OverlappingChoices, "Two menu choices that are the same or overlap."),
        (MenuWithoutTimeout, "A menu with no path for a caller who presses nothing."),
        (AutomaticLoop, "States that go on to each other without ever waiting for the caller."),
        (AnswerTooLarge, "Messages that chain into an answer larger than the provider accepts."),
        (BranchNeverTaken, "An hours branch its named calendar can never take."),
        (InvalidPhoneNumber, "A phone number that is neither E.164 nor a French short number."),
        (MissingPrompt, "A recording that does not exist."),
        (UnusedDestination, "A destination that no state uses."),
        (UnplayableRecording, "A recording the provider cannot play."),
        (ObsoleteKey, "An older key still read, whose behaviour changed."),
        (RecordingWithOtherWords, "One recording played with different words."),
        (UnusedCalendar, "A named calendar that no hours state uses."),
        (CallbackWindowNeverOpen, "A call-back window whose hours never meet the line's opening hours."),
    ];

    /// <summary>
    /// A call-back window (<c>callback: windows:</c>) that the flow's calendar never lets be offered: its hours never
    /// meet the line's opening hours (a call-back is only made while the line is open).
    /// </summary>
    public const string CallbackWindowNeverOpen = "HL407";
}
