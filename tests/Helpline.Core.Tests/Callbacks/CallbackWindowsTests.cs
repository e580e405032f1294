using System.Globalization;
using Helpline.Core.Calendar;
using Helpline.Core.Callbacks;
using Helpline.Core.Flows;

namespace Helpline.Core.Tests.Callbacks;

/// <summary>
/// When a call-back may be made, as a table: the instant she asks (Paris time), the window she chooses (local
/// from–to, today or tomorrow), and the instants it resolves to (Paris time, with the offset in force) or "none" —
/// across the clock changes, at closing time, on holidays and closures, and for "as soon as possible".
/// </summary>
public sealed class CallbackWindowsTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>Monday–Friday 09:00–17:00, French holidays, closed 2026-12-24 (a dated closure).</summary>
    private static readonly BusinessCalendar Line = new(Paris, WeeklyHours.OfficeHours, frenchPublicHolidays: true, [new Closure(new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 24), "Veille de Noël")]);

    public static TheoryData<string, string, string> Windows() => new()
    {
        // asked at (Paris)       window (day from-to)      expected (from → to, Paris) or none
        { "2026-11-24T10:00",      "today 14:00-17:00",      "2026-11-24T14:00+01:00 → 2026-11-24T17:00+01:00" },
        { "2026-11-24T15:00",      "today 14:00-17:00",      "2026-11-24T15:00+01:00 → 2026-11-24T17:00+01:00" },   // started: from now
        { "2026-11-24T16:55",      "today 14:00-17:00",      "none" },                                              // under 10 minutes left
        { "2026-11-24T10:00",      "today 16:00-18:00",      "2026-11-24T16:00+01:00 → 2026-11-24T17:00+01:00" },   // across closing time: cut at 17:00
        { "2026-11-24T10:00",      "today 18:00-20:00",      "none" },                                              // the line is closed then
        { "2026-11-24T10:00",      "tomorrow 09:00-12:00",   "2026-11-25T09:00+01:00 → 2026-11-25T12:00+01:00" },
        { "2026-11-27T10:00",      "tomorrow 09:00-12:00",   "none" },                                              // Friday: tomorrow is Saturday
        { "2026-11-10T10:00",      "tomorrow 09:00-12:00",   "none" },                                              // 11 November, a holiday
        { "2026-12-23T10:00",      "tomorrow 09:00-12:00",   "none" },                                              // a dated closure
        { "2026-03-27T10:00",      "today 14:00-17:00",      "2026-03-27T14:00+01:00 → 2026-03-27T17:00+01:00" },   // the Friday before summer time
        { "2026-03-30T08:00",      "today 09:00-12:00",      "2026-03-30T09:00+02:00 → 2026-03-30T12:00+02:00" },   // the Monday after: +02:00
        { "2026-10-23T10:00",      "today 09:00-17:00",      "2026-10-23T10:00+02:00 → 2026-10-23T17:00+02:00" },   // the Friday before winter time
        { "2026-10-26T08:00",      "today 09:00-12:00",      "2026-10-26T09:00+01:00 → 2026-10-26T12:00+01:00" },   // the Monday after: +01:00
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void A_named_window_resolves_to_the_line_s_open_part_of_it(string askedAt, string window, string expected)
    {
        var parts = window.Split(' ');
        var times = parts[1].Split('-');
        var definition = new CallbackWindowDefinition("w", parts[0] == "tomorrow" ? 1 : 0, TimeOnly.Parse(times[0], CultureInfo.InvariantCulture), TimeOnly.Parse(times[1], CultureInfo.InvariantCulture),
            "2", new PromptDefinition(null, "x", SourcePosition.Start), "x", SourcePosition.Start);

        var resolved = CallbackWindows.Resolve(definition, At(askedAt), Line);

        Assert.Equal(expected, Describe(resolved));
    }

    public static TheoryData<string, string> Soonest() => new()
    {
        // asked at (Paris)       as soon as possible (from → to, Paris)
        { "2026-11-24T10:00",      "2026-11-24T10:00+01:00 → 2026-11-24T17:00+01:00" },   // open now: from now to closing
        { "2026-11-24T16:55",      "2026-11-25T09:00+01:00 → 2026-11-25T17:00+01:00" },   // 5 minutes left: the next opening
        { "2026-11-27T18:00",      "2026-11-30T09:00+01:00 → 2026-11-30T17:00+01:00" },   // Friday evening: Monday
        { "2026-12-23T18:00",      "2026-12-28T09:00+01:00 → 2026-12-28T17:00+01:00" },   // closure on the 24th, Christmas, weekend
        { "2026-03-28T12:00",      "2026-03-30T09:00+02:00 → 2026-03-30T17:00+02:00" },   // across the spring clock change
        { "2026-10-24T12:00",      "2026-10-26T09:00+01:00 → 2026-10-26T17:00+01:00" },   // across the autumn clock change
    };

    [Theory]
    [MemberData(nameof(Soonest))]
    public void As_soon_as_possible_is_the_next_opening_with_time_left(string askedAt, string expected)
    {
        Assert.Equal(expected, Describe(CallbackWindows.Soonest(At(askedAt), Line)));
    }

    [Fact]
    public void A_line_that_never_opens_has_no_soonest_call_back()
    {
        var closed = new BusinessCalendar(Paris, new WeeklyHours(new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>()), frenchPublicHolidays: true, []);

        Assert.Null(CallbackWindows.Soonest(At("2026-11-24T10:00"), closed));
    }

    [Fact]
    public void A_window_over_a_lunch_break_spans_both_open_parts()
    {
        var hours = new WeeklyHours(new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>
        {
            [DayOfWeek.Tuesday] = [new(new TimeOnly(9, 0), new TimeOnly(12, 0)), new(new TimeOnly(14, 0), new TimeOnly(17, 0))],
        });
        var calendar = new BusinessCalendar(Paris, hours, frenchPublicHolidays: true, []);
        var window = new CallbackWindowDefinition("w", 0, new TimeOnly(11, 0), new TimeOnly(15, 0), "2", new PromptDefinition(null, "x", SourcePosition.Start), "x", SourcePosition.Start);

        Assert.Equal("2026-11-24T11:00+01:00 → 2026-11-24T15:00+01:00", Describe(CallbackWindows.Resolve(window, At("2026-11-24T08:00"), calendar)));
    }

    private static DateTimeOffset At(string local) => LocalInstant.Parse(local, Paris).Instant;

    private static string Describe(ResolvedWindow? window) => window is null
        ? "none"
        : $"{Local(window.From)} → {Local(window.To)}";

    private static string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Paris).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);
}
