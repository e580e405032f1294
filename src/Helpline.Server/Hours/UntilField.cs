using System.Globalization;
using Helpline.Core.Calendar;

namespace Helpline.Server.Hours;

/// <summary>
/// The <c>until</c> field of the supervisors' timed settings (the hours override, saturation mode): an instant read by
/// <see cref="LocalInstant"/> in the flow's zone (<c>2026-12-01T09:00</c> is 09:00 in Paris; an offset or <c>Z</c> also
/// works), in the future and at most a given time ahead. Every refusal names what to type instead.
/// </summary>
internal static class UntilField
{
    /// <summary>
    /// The instant <paramref name="typed"/> stands for, or null with an <c>until</c> error added to
    /// <paramref name="errors"/> (missing, malformed, skipped or repeated by a clock change, past, or more than
    /// <paramref name="max"/> after <paramref name="now"/>).
    /// </summary>
    /// <param name="typed">What was typed.</param>
    /// <param name="zone">The flow's time zone.</param>
    /// <param name="now">The service's clock.</param>
    /// <param name="max">The longest the setting may last.</param>
    /// <param name="ends">What ends at that instant, for the "required" message (e.g. "the override ends by itself").</param>
    /// <param name="beyond">What to do instead of a longer setting (e.g. "edit the flow's calendar for longer changes").</param>
    /// <param name="errors">The refusals by field.</param>
    public static DateTimeOffset? Validate(string? typed, TimeZoneInfo zone, DateTimeOffset now, TimeSpan max, string ends, string beyond, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(errors);
        var until = typed is null ? null : LocalInstant.Parse(typed, zone);
        string? refusal = until switch
        {
            null => $"is required: the instant {ends}, e.g. \"2026-11-24T20:00\" ({zone.Id} time) or \"2026-11-24T20:00:00+01:00\"",
            { Succeeded: false } => until.Message,
            _ when until.Instant <= now => string.Create(CultureInfo.InvariantCulture, $"must be in the future (it is {TimeZoneInfo.ConvertTime(now, zone):yyyy-MM-dd'T'HH:mm:sszzz} now, {zone.Id} time)"),
            _ when until.Instant - now > max => string.Create(CultureInfo.InvariantCulture, $"must be within {max.TotalDays:0} days; {beyond}"),
            _ => null,
        };
        if (refusal is not null)
        {
            errors.TryAdd("until", [refusal]);
            return null;
        }

        return until!.Instant;
    }
}
