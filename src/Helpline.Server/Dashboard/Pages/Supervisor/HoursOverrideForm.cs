using System.Globalization;
using Helpline.Core.Calendar;
using Helpline.Data.Hours;
using Helpline.Server.Hours;

namespace Helpline.Server.Dashboard.Pages.Supervisor;

/// <summary>
/// The hours override form of the supervisors' page as typed, and what is wrong with it. The rules are the API's
/// (<c>PUT /api/hours/override</c>): open or closed; an end in the future within <see cref="HoursApi.MaxDuration"/>,
/// read by the one parser of typed instants (<see cref="LocalInstant"/>: a time without offset is Paris time, and a
/// time skipped or lived twice by a clock change is refused rather than guessed); a reason of at most 500 characters.
/// </summary>
public sealed class HoursOverrideForm
{
    /// <summary>Where a refused form travels from its endpoint to the page that shows it again (<see cref="HttpContext.Items"/>).</summary>
    public static readonly object ItemKey = new();

    /// <summary>The longest reason accepted.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The <c>mode</c> field: <c>open</c> or <c>closed</c> (absent: null).</summary>
    public string? Mode { get; set; }

    /// <summary>The <c>until</c> field, as the browser's date-time field sends it (<c>2026-11-24T20:00</c>, Paris time).</summary>
    public string? Until { get; set; }

    /// <summary>The <c>reason</c> field.</summary>
    public string? Reason { get; set; }

    /// <summary>What is wrong, by field name (<c>mode</c>, <c>until</c>, <c>reason</c>); empty once checked and right.</summary>
    public Dictionary<string, HoursOverrideProblem> Problems { get; } = [];

    /// <summary>Checks the fields at <paramref name="now"/>; returns the override to store, or null with <see cref="Problems"/> filled.</summary>
    /// <param name="zone">The flow's time zone (Paris).</param>
    /// <param name="now">The service's clock.</param>
    /// <param name="by">Who sets it (the supervisor's login).</param>
    public StoredHoursOverride? Check(TimeZoneInfo zone, DateTimeOffset now, string? by)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Problems.Clear();
        if (Mode is not (HoursOverrideStore.Open or HoursOverrideStore.Closed))
        {
            Problems["mode"] = HoursOverrideProblem.ModeMissing;
        }

        var until = LocalInstant.Parse(Until, zone);
        if (string.IsNullOrWhiteSpace(Until))
        {
            Problems["until"] = HoursOverrideProblem.UntilMissing;
        }
        else if (!until.Succeeded)
        {
            Problems["until"] = ClockChange(Until, zone) ?? HoursOverrideProblem.UntilUnreadable;
        }
        else if (until.Instant <= now)
        {
            Problems["until"] = HoursOverrideProblem.UntilPast;
        }
        else if (until.Instant - now > HoursApi.MaxDuration)
        {
            Problems["until"] = HoursOverrideProblem.UntilTooFar;
        }

        var reason = Reason?.Trim() ?? string.Empty;
        if (reason.Length is 0 or > MaxReasonLength)
        {
            Problems["reason"] = HoursOverrideProblem.ReasonMissing;
        }

        return Problems.Count == 0 ? new StoredHoursOverride(Mode!, until.Instant, reason, now, by) : null;
    }

    /// <summary>
    /// Why a well-formed local time was refused, when it is a clock change (the parser's own message is for operators,
    /// in English): skipped or lived twice in <paramref name="zone"/>. Null for any other refusal.
    /// </summary>
    private static HoursOverrideProblem? ClockChange(string text, TimeZoneInfo zone)
    {
        if (!DateTime.TryParseExact(text.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        return zone.IsInvalidTime(local) ? HoursOverrideProblem.UntilSkipped
            : zone.IsAmbiguousTime(local) ? HoursOverrideProblem.UntilAmbiguous
            : null;
    }
}
