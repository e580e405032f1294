using Helpline.Core.Calendar;
using Helpline.Data.Alerts;
using Helpline.Data.Hours;
using Helpline.Server.Alerts;

namespace Helpline.Server.UnitTests;

/// <summary>
/// The line-wide alert rules at chosen instants, on the default office hours (Monday–Friday 09:00–17:00, Paris) and the
/// default thresholds: each fires just past its threshold, not at it, and "nobody logged in" only after the line has
/// been open — by its hours or by an override from the moment it was set — for the whole of the delay.
/// </summary>
public sealed class AlertRulesTests
{
    /// <summary>Tuesday 24 November 2026, 09:00 in Paris (UTC+1).</summary>
    private static readonly DateTimeOffset Opening = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(1));

    private static readonly BusinessCalendar Calendar = BusinessCalendar.FrenchOfficeHours;

    private static readonly AlertsOptions Defaults = new();

    public static TheoryData<string, double, int, double?, string?, bool> NobodyLoggedInCases() => new()
    {
        // case; judged at, in minutes past Tuesday 09:00; workers logged in; the last worker change, in minutes past 09:00 (null: none);
        // the override ("closed": set at 08:00 until 19:00; "open@Saturday": set Saturday 10:00 until 15:00); an alert expected
        { "4 min 59 s after opening: not yet", 4 + 59 / 60.0, 0, null, null, false },
        { "5 min after opening: alert", 5, 0, null, null, true },
        { "5 min after opening, the last worker left the evening before", 5, 0, -900, null, true },
        { "a worker at her post (even in pause)", 30, 1, -10, null, false },
        { "the last one went offline 4 min ago", 30, 0, 26, null, false },
        { "the last one went offline 5 min ago", 30, 0, 25, null, true },
        { "before opening", -1, 0, null, null, false },
        { "3 min after closing", 8 * 60 + 3, 0, null, null, false },
        { "closed by an override", 30, 0, null, "closed", false },
        { "Saturday, open by an override set 4 min ago", 4 * 24 * 60 + 60 + 4, 0, null, "open@Saturday", false },
        { "Saturday, open by an override set 5 min ago", 4 * 24 * 60 + 60 + 5, 0, null, "open@Saturday", true },
    };

    [Theory]
    [MemberData(nameof(NobodyLoggedInCases))]
    public void Nobody_logged_in_holds_only_once_the_line_has_been_open_and_empty_for_the_whole_delay(
        string name, double minutes, int loggedIn, double? lastChange, string? overrideMode, bool expected)
    {
        var now = Opening.AddMinutes(minutes);
        StoredHoursOverride? stored = overrideMode switch
        {
            "closed" => new StoredHoursOverride("closed", Opening.AddMinutes(600), "formation", Opening.AddMinutes(-60), "chef"),
            "open@Saturday" => new StoredHoursOverride("open", Opening.AddDays(4).AddHours(6), "crise", Opening.AddDays(4).AddHours(1), "chef"),
            _ => null,
        };
        var figures = Figures(loggedIn: loggedIn, lastWorkerChange: lastChange is { } change ? Opening.AddMinutes(change) : null, hoursOverride: stored);

        var found = AlertRules.ForLine(figures, Calendar, now, Defaults, maxCallsPerHour: 6).Any(c => c.Kind == AlertKinds.NobodyLoggedIn);

        Assert.True(found == expected, $"{name}: expected {(expected ? "an alert" : "none")} at {now:o}");
    }

    [Theory]
    [InlineData(300, false)]
    [InlineData(301, true)]
    public void Oldest_wait_fires_past_its_threshold_not_at_it(int waitedSeconds, bool expected)
    {
        var now = Opening.AddHours(1);
        var figures = Figures(loggedIn: 1, oldestWaitingSince: now.AddSeconds(-waitedSeconds));

        var found = AlertRules.ForLine(figures, Calendar, now, Defaults, 6).SingleOrDefault(c => c.Kind == AlertKinds.OldestWait);

        Assert.Equal(expected, found is not null);
        Assert.Equal(expected ? waitedSeconds : null, found?.Seconds);
    }

    [Theory]
    [InlineData(4, 4, false)] // below the minimum of callers: not judged
    [InlineData(10, 3, false)] // 30 % is not more than 30 %
    [InlineData(10, 4, true)]
    [InlineData(5, 2, true)]
    public void Abandon_rate_fires_over_its_share_once_enough_callers_left_the_queue(int exits, int abandons, bool expected)
    {
        var figures = Figures(loggedIn: 1, queueExits: exits, queueAbandons: abandons);

        var found = AlertRules.ForLine(figures, Calendar, Opening.AddHours(1), Defaults, 6).SingleOrDefault(c => c.Kind == AlertKinds.AbandonRate);

        Assert.Equal(expected, found is not null);
        Assert.Equal(expected ? "{\"count\":" + abandons + ",\"total\":" + exits + "}" : null, found?.MeasureJson());
    }

    [Theory]
    [InlineData(6, false)]
    [InlineData(7, true)]
    public void Burst_fires_over_the_rate_limit_and_measures_a_count_never_a_caller(int mostCalls, bool expected)
    {
        var figures = Figures(loggedIn: 1, mostCalls: mostCalls);

        var found = AlertRules.ForLine(figures, Calendar, Opening.AddHours(1), Defaults, maxCallsPerHour: 6).SingleOrDefault(c => c.Kind == AlertKinds.CallerBurst);

        Assert.Equal(expected, found is not null);
        Assert.Equal(expected ? "{\"count\":" + mostCalls + "}" : null, found?.MeasureJson());
    }

    private static LineFigures Figures(
        int loggedIn, DateTimeOffset? lastWorkerChange = null, DateTimeOffset? oldestWaitingSince = null, int queueExits = 0, int queueAbandons = 0,
        int mostCalls = 0, StoredHoursOverride? hoursOverride = null) =>
        new(loggedIn, lastWorkerChange, oldestWaitingSince, queueExits, queueAbandons, mostCalls, hoursOverride);
}
