using System.Globalization;
using Helpline.Core.Calendar;
using Microsoft.Extensions.Time.Testing;

namespace Helpline.Core.Tests.Calendar;

/// <summary>Opening hours at their edges, across daylight-saving changes, with closures and operator overrides.</summary>
public sealed class BusinessCalendarTests
{
    private readonly BusinessCalendar _calendar = BusinessCalendar.FrenchOfficeHours;

    [Theory]
    [InlineData("winter 08:59:59", "2026-11-24T08:59:59+01:00", false)]
    [InlineData("winter 09:00:00", "2026-11-24T09:00:00+01:00", true)]
    [InlineData("winter 16:59:59", "2026-11-24T16:59:59+01:00", true)]
    [InlineData("winter 17:00:00", "2026-11-24T17:00:00+01:00", false)]
    [InlineData("summer 08:59:59", "2026-06-23T08:59:59+02:00", false)]
    [InlineData("summer 09:00:00", "2026-06-23T09:00:00+02:00", true)]
    [InlineData("summer 16:59:59", "2026-06-23T16:59:59+02:00", true)]
    [InlineData("summer 17:00:00", "2026-06-23T17:00:00+02:00", false)]
    [InlineData("winter 09:00 given in UTC", "2026-11-24T08:00:00Z", true)]
    [InlineData("summer 09:00 given in UTC", "2026-06-23T07:00:00Z", true)]
    [InlineData("summer 08:30 given in UTC", "2026-06-23T06:30:00Z", false)]
    public void Weekday_boundaries(string name, string instant, bool open) =>
        Assert.True(_calendar.Evaluate(Parse(instant)).IsOpen == open, name);

    [Theory]
    [InlineData("Monday after spring change, 08:59:59 Paris", "2026-03-30T06:59:59Z", false)]
    [InlineData("Monday after spring change, 09:00 Paris", "2026-03-30T07:00:00Z", true)]
    [InlineData("Monday after spring change, 17:00 Paris", "2026-03-30T15:00:00Z", false)]
    [InlineData("Monday after autumn change, 08:59:59 Paris", "2026-10-26T07:59:59Z", false)]
    [InlineData("Monday after autumn change, 09:00 Paris", "2026-10-26T08:00:00Z", true)]
    [InlineData("Monday after autumn change, 16:59:59 Paris", "2026-10-26T15:59:59Z", true)]
    [InlineData("Friday before spring change, 16:59:59 Paris", "2026-03-27T15:59:59Z", true)]
    [InlineData("Friday before autumn change, 17:00 Paris", "2026-10-23T15:00:00Z", false)]
    public void Daylight_saving_changes_move_the_hours_with_Paris(string name, string instant, bool open) =>
        Assert.True(_calendar.Evaluate(Parse(instant)).IsOpen == open, name);

    [Theory]
    [InlineData("spring change, the skipped hour", "2026-03-29T01:30:00Z")]
    [InlineData("autumn change, the repeated hour (first)", "2026-10-25T00:30:00Z")]
    [InlineData("autumn change, the repeated hour (second)", "2026-10-25T01:30:00Z")]
    public void Change_days_are_sundays_and_never_throw(string name, string instant)
    {
        var status = _calendar.Evaluate(Parse(instant));

        Assert.False(status.IsOpen, name);
        Assert.Equal(OpeningReason.OutsideHours, status.Reason);
    }

    [Theory]
    [InlineData("2026-11-28T10:00:00+01:00")]
    [InlineData("2026-11-29T10:00:00+01:00")]
    public void Weekend_is_closed(string instant) => Assert.Equal(OpeningReason.OutsideHours, _calendar.Evaluate(Parse(instant)).Reason);

    [Fact]
    public void Closures_close_whole_days_with_their_reason()
    {
        var calendar = new BusinessCalendar(_calendar.Zone, WeeklyHours.OfficeHours, true,
        [
            new Closure(new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 24), "Veille de Noël"),
            new Closure(new DateOnly(2026, 8, 10), new DateOnly(2026, 8, 14), "Formation de l'équipe"),
        ]);

        Assert.Equal(new OpeningStatus(false, OpeningReason.Closure, "Veille de Noël"), calendar.Evaluate(Parse("2026-12-24T10:00:00+01:00")));
        Assert.True(calendar.Evaluate(Parse("2026-12-23T16:59:59+01:00")).IsOpen);
        Assert.All(new[] { 10, 11, 12, 13, 14 }, day => Assert.Equal(OpeningReason.Closure, calendar.Evaluate(Parse($"2026-08-{day}T10:00:00+02:00")).Reason));
        Assert.True(calendar.Evaluate(Parse("2026-08-17T10:00:00+02:00")).IsOpen);
    }

    [Fact]
    public void Override_wins_until_it_expires_exactly()
    {
        var clock = new FakeTimeProvider(Parse("2026-11-29T10:00:00+01:00"));
        var opening = new HoursOverride(HoursOverrideMode.Open, clock.GetUtcNow().AddHours(2), "Crise");

        Assert.Equal(OpeningReason.OverrideOpen, _calendar.Evaluate(clock.GetUtcNow(), opening).Reason);
        clock.Advance(TimeSpan.FromHours(2).Subtract(TimeSpan.FromTicks(1)));
        Assert.True(_calendar.Evaluate(clock.GetUtcNow(), opening).IsOpen);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(OpeningReason.OutsideHours, _calendar.Evaluate(clock.GetUtcNow(), opening).Reason);
    }

    [Fact]
    public void Closing_override_closes_during_hours_and_on_a_holiday_too()
    {
        var monday = Parse("2026-11-23T10:00:00+01:00");
        var closing = new HoursOverride(HoursOverrideMode.Closed, monday.AddDays(40), "Équipe absente");

        Assert.Equal(new OpeningStatus(false, OpeningReason.OverrideClosed, "Équipe absente"), _calendar.Evaluate(monday, closing));
        Assert.Equal(OpeningReason.OverrideClosed, _calendar.Evaluate(Parse("2026-12-25T10:00:00+01:00"), closing).Reason);
    }

    [Fact]
    public void Several_intervals_a_day_leave_the_lunch_break_closed()
    {
        var hours = new WeeklyHours(new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>
        {
            [DayOfWeek.Tuesday] = [new(new TimeOnly(13, 30), new TimeOnly(17, 0)), new(new TimeOnly(9, 0), new TimeOnly(12, 30))],
        });
        var calendar = new BusinessCalendar(_calendar.Zone, hours, true, []);

        Assert.True(calendar.Evaluate(Parse("2026-11-24T12:29:59+01:00")).IsOpen);
        Assert.False(calendar.Evaluate(Parse("2026-11-24T12:30:00+01:00")).IsOpen);
        Assert.True(calendar.Evaluate(Parse("2026-11-24T13:30:00+01:00")).IsOpen);
        Assert.False(calendar.Evaluate(Parse("2026-11-25T10:00:00+01:00")).IsOpen);
    }

    [Fact]
    public void Interval_must_start_before_it_ends() =>
        Assert.Throws<ArgumentException>(() => new OpeningInterval(new TimeOnly(17, 0), new TimeOnly(9, 0)));

    private static DateTimeOffset Parse(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
}
