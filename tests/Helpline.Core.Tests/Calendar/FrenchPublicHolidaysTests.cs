using Helpline.Core.Calendar;

namespace Helpline.Core.Tests.Calendar;

/// <summary>The eleven French public holidays of 2025–2030, from a table written by hand (Easter dates looked up, not computed).</summary>
public sealed class FrenchPublicHolidaysTests
{
    private static readonly Dictionary<int, DateOnly> Easter = new()
    {
        [2025] = new(2025, 4, 20),
        [2026] = new(2026, 4, 5),
        [2027] = new(2027, 3, 28),
        [2028] = new(2028, 4, 16),
        [2029] = new(2029, 4, 1),
        [2030] = new(2030, 4, 21),
    };

    public static TheoryData<string, DateOnly> Holidays()
    {
        var data = new TheoryData<string, DateOnly>();
        foreach (var (year, easter) in Easter)
        {
            data.Add($"Jour de l'an {year}", new DateOnly(year, 1, 1));
            data.Add($"Lundi de Pâques {year}", easter.AddDays(1));
            data.Add($"Fête du Travail {year}", new DateOnly(year, 5, 1));
            data.Add($"Victoire 1945 {year}", new DateOnly(year, 5, 8));
            data.Add($"Ascension {year}", easter.AddDays(39));
            data.Add($"Lundi de Pentecôte {year}", easter.AddDays(50));
            data.Add($"Fête nationale {year}", new DateOnly(year, 7, 14));
            data.Add($"Assomption {year}", new DateOnly(year, 8, 15));
            data.Add($"Toussaint {year}", new DateOnly(year, 11, 1));
            data.Add($"Armistice {year}", new DateOnly(year, 11, 11));
            data.Add($"Noël {year}", new DateOnly(year, 12, 25));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Holidays))]
    public void Holiday_is_closed_all_day_and_named(string holiday, DateOnly date)
    {
        var calendar = BusinessCalendar.FrenchOfficeHours;

        var status = calendar.Evaluate(ParisTime(date, 10, 0));

        Assert.False(status.IsOpen, holiday);
        Assert.Equal(OpeningReason.PublicHoliday, status.Reason);
        Assert.Equal(holiday[..holiday.LastIndexOf(' ')].Replace("Armistice", "Armistice 1918", StringComparison.Ordinal), status.Detail);
    }

    [Theory]
    [MemberData(nameof(Holidays))]
    public void Working_weekday_next_to_a_holiday_is_open(string holiday, DateOnly date)
    {
        var calendar = BusinessCalendar.FrenchOfficeHours;
        foreach (var neighbour in new[] { date.AddDays(-1), date.AddDays(1) })
        {
            var isWorkingDay = neighbour.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && FrenchPublicHolidays.On(neighbour) is null;
            Assert.True(calendar.Evaluate(ParisTime(neighbour, 10, 0)).IsOpen == isWorkingDay, $"{holiday}: {neighbour:yyyy-MM-dd}");
        }
    }

    [Theory]
    [InlineData(2025)]
    [InlineData(2026)]
    [InlineData(2027)]
    [InlineData(2028)]
    [InlineData(2029)]
    [InlineData(2030)]
    public void Computed_easter_matches_the_table(int year) => Assert.Equal(Easter[year], FrenchPublicHolidays.EasterSunday(year));

    [Fact]
    public void Every_year_has_eleven_holidays_and_alsace_moselle_two_more()
    {
        Assert.All(Enumerable.Range(1990, 80), year => Assert.Equal(11, FrenchPublicHolidays.For(year).Count));
        var alsace = FrenchPublicHolidays.For(2026, alsaceMoselle: true);
        Assert.Equal(13, alsace.Count);
        Assert.Contains(alsace, h => h.Date == new DateOnly(2026, 4, 3) && h.Name == "Vendredi saint");
        Assert.Contains(alsace, h => h.Date == new DateOnly(2026, 12, 26) && h.Name == "Saint-Étienne");
    }

    [Fact]
    public void Alsace_moselle_days_are_closed_only_when_asked()
    {
        var goodFriday = ParisTime(new DateOnly(2026, 4, 3), 10, 0);
        var national = BusinessCalendar.FrenchOfficeHours;
        var alsace = new BusinessCalendar(national.Zone, WeeklyHours.OfficeHours, frenchPublicHolidays: true, [], alsaceMoselle: true);

        Assert.True(national.Evaluate(goodFriday).IsOpen);
        Assert.False(alsace.Evaluate(goodFriday).IsOpen);
    }

    internal static DateTimeOffset ParisTime(DateOnly date, int hour, int minute, int second = 0)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var local = date.ToDateTime(new TimeOnly(hour, minute, second));
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
