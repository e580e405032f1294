using System.Globalization;
using Helpline.Core.Queue;

namespace Helpline.Core.Flows;

/// <summary>
/// What a queue state tells a waiting caller of her place and wait, from the flow's texts: <c>announce-position</c>
/// (<see cref="Position"/>, with <c>{position}</c>) and <c>announce-estimate</c> (<see cref="Estimate"/>, with
/// <c>{attente-min}</c> and <c>{attente-max}</c>, the range in whole minutes). The estimate's text is said only with a
/// trustworthy estimate (<see cref="WaitEstimate.For"/>); when both are said, the position comes first. When the
/// announcement is made at all (the first time, then only when the position has improved) is the server's rule.
/// </summary>
/// <remarks>
/// The older single key <c>announce</c> is still read (the validator warns, HL404): its sentences are the position
/// text, except a sentence with <c>{attente}</c> (one number of minutes, which this line no longer says), which is
/// dropped. The words are the flow's, in its language: nothing here adds any.
/// </remarks>
/// <param name="Position">The position text, or null.</param>
/// <param name="Estimate">The estimate text, or null.</param>
public sealed record QueueAnnouncements(string? Position, string? Estimate)
{
    /// <summary>The caller's place, 1 for the next to be offered.</summary>
    public const string PositionPlaceholder = "{position}";

    /// <summary>The lower end of the estimated wait, in whole minutes.</summary>
    public const string FromMinutesPlaceholder = "{attente-min}";

    /// <summary>The upper end of the estimated wait, in whole minutes.</summary>
    public const string ToMinutesPlaceholder = "{attente-max}";

    /// <summary>The older <c>announce</c> key's single estimate in minutes: its sentence is no longer said.</summary>
    public const string LegacyMinutesPlaceholder = "{attente}";

    /// <summary>The placeholders <c>announce-position</c> may use.</summary>
    public static IReadOnlyList<string> PositionPlaceholders { get; } = [PositionPlaceholder];

    /// <summary>The placeholders <c>announce-estimate</c> may use.</summary>
    public static IReadOnlyList<string> EstimatePlaceholders { get; } = [PositionPlaceholder, FromMinutesPlaceholder, ToMinutesPlaceholder];

    /// <summary>The placeholders the older <c>announce</c> key may use.</summary>
    public static IReadOnlyList<string> LegacyPlaceholders { get; } = [PositionPlaceholder, LegacyMinutesPlaceholder];

    /// <summary>
    /// The words for a caller at <paramref name="position"/>: the position text, then the estimate text when
    /// <paramref name="estimate"/> is given; null when there is nothing to say.
    /// </summary>
    public string? For(int position, WaitEstimate? estimate)
    {
        var place = Position is null ? null : Fill(Position, position, estimate);
        var wait = Estimate is null || estimate is null ? null : Fill(Estimate, position, estimate);
        return place is null ? wait : wait is null ? place : place + " " + wait;
    }

    private static string Fill(string template, int position, WaitEstimate? estimate)
    {
        var text = template.Replace(PositionPlaceholder, Number(position), StringComparison.Ordinal);
        return estimate is null
            ? text
            : text.Replace(FromMinutesPlaceholder, Number(estimate.FromMinutes), StringComparison.Ordinal)
                .Replace(ToMinutesPlaceholder, Number(estimate.ToMinutes), StringComparison.Ordinal);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
