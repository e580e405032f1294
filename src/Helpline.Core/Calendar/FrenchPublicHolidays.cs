using System.Collections.Concurrent;

namespace Helpline.Core.Calendar;

/// <summary>
/// The French public holidays (jours fériés) of any year: the eight fixed ones and the three that follow Easter (Easter
/// Monday, Ascension, Whit Monday), plus, for Alsace-Moselle, Good Friday and St Stephen's Day. Computed, never typed
/// in, so the calendar needs no yearly update.
/// </summary>
/// <remarks>Thread-safe; each year is computed once.</remarks>
public static class FrenchPublicHolidays
{
    private static readonly ConcurrentDictionary<(int Year, bool Alsace), IReadOnlyList<PublicHoliday>> Cache = new();

    /// <summary>The holidays of <paramref name="year"/> in date order.</summary>
    public static IReadOnlyList<PublicHoliday> For(int year, bool alsaceMoselle = false) =>
        Cache.GetOrAdd((year, alsaceMoselle), key => Compute(key.Year, key.Alsace));

    /// <summary>The holiday on <paramref name="date"/>, or null.</summary>
    public static PublicHoliday? On(DateOnly date, bool alsaceMoselle = false) =>
        For(date.Year, alsaceMoselle).FirstOrDefault(h => h.Date == date);

    /// <summary>Easter Sunday of <paramref name="year"/> (Gregorian calendar; anonymous algorithm of Meeus, Jones and Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static List<PublicHoliday> Compute(int year, bool alsaceMoselle)
    {
        var easter = EasterSunday(year);
        var list = new List<PublicHoliday>
        {
            new(new DateOnly(year, 1, 1), "Jour de l'an"),
            new(easter.AddDays(1), "Lundi de Pâques"),
            new(new DateOnly(year, 5, 1), "Fête du Travail"),
            new(new DateOnly(year, 5, 8), "Victoire 1945"),
            new(easter.AddDays(39), "Ascension"),
            new(easter.AddDays(50), "Lundi de Pentecôte"),
            new(new DateOnly(year, 7, 14), "Fête nationale"),
            new(new DateOnly(year, 8, 15), "Assomption"),
            new(new DateOnly(year, 11, 1), "Toussaint"),
            new(new DateOnly(year, 11, 11), "Armistice 1918"),
            new(new DateOnly(year, 12, 25), "Noël"),
        };
        if (alsaceMoselle)
        {
            list.Add(new(easter.AddDays(-2), "Vendredi saint"));
            list.Add(new(new DateOnly(year, 12, 26), "Saint-Étienne"));
        }

        return list.OrderBy(h => h.Date).ToList();
    }
}
