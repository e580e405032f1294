namespace Helpline.Core.Flows;

/// <summary>
/// Puts the caller in the social workers' queue with hold audio. After <see cref="MaxWaitSeconds"/> (or when the queue
/// cannot take the call) the caller goes to <see cref="Overflow"/>; after a conversation with a social worker, to <see cref="Answered"/>.
/// While she waits she may hear her position and an estimated wait (<see cref="Announcements"/>), at most every
/// <see cref="AnnounceEverySeconds"/>.
/// </summary>
public sealed record QueueState(
    string Name,
    SourcePosition Position,
    string QueueName,
    PromptDefinition Hold,
    int MaxWaitSeconds,
    StateReference Answered,
    StateReference Overflow,
    string? Whisper = null,
    string? WhisperNoChoice = null,
    QueueAnnouncements? Announcements = null,
    int AnnounceEverySeconds = 60)
    : StateDefinition(Name, Position)
{
    /// <summary>
    /// What the social worker hears on picking up, before being connected: <see cref="Whisper"/> with <c>{choix}</c>
    /// replaced by the keys the caller pressed (or <see cref="WhisperNoChoice"/>), <c>{attente}</c> by the minutes waited
    /// and <c>{etiquettes}</c> by <paramref name="tagWhispers"/> (what the call's tags say, <see cref="FlowDefinition.TagWhispers"/>).
    /// A whisper without <c>{etiquettes}</c> gets the tags' words first: a worker is never left unaware that the caller
    /// cannot speak, whatever the template. Null when there is nothing to say.
    /// </summary>
    public string? WhisperFor(string? keys, int waitedSeconds, string tagWhispers = "")
    {
        ArgumentNullException.ThrowIfNull(tagWhispers);
        var text = Whisper?
            .Replace("{choix}", keys ?? WhisperNoChoice ?? string.Empty, StringComparison.Ordinal)
            .Replace("{attente}", Math.Max(1, (waitedSeconds + 30) / 60).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (text is not null && text.Contains(TagsPlaceholder, StringComparison.Ordinal))
        {
            var said = text.Replace(TagsPlaceholder, tagWhispers, StringComparison.Ordinal);
            while (said.Contains("  ", StringComparison.Ordinal))
            {
                said = said.Replace("  ", " ", StringComparison.Ordinal); // an empty {etiquettes} leaves no gap
            }

            return said.Trim();
        }

        return tagWhispers.Length == 0 ? text : text is null ? tagWhispers : tagWhispers + " " + text;
    }

    /// <summary>The whisper's placeholder for what the call's tags say.</summary>
    public const string TagsPlaceholder = "{etiquettes}";

    /// <summary>
    /// What the social worker hears on picking up when the caller hung up meanwhile (the worker's leg then ends), or
    /// null to end it without a word.
    /// </summary>
    public string? WhisperCallerGone { get; init; }

    /// <summary>The call-back offered to a caller waiting here (issue 13), or null when this queue offers none.</summary>
    public CallbackDefinition? Callback { get; init; }

    /// <inheritdoc />
    public override StateKind Kind => StateKind.Queue;

    /// <inheritdoc />
    public override IReadOnlyList<(string Trigger, StateReference Target)> Transitions =>
        [(FlowTriggers.Answered, Answered), (FlowTriggers.Overflow, Overflow)];
}
