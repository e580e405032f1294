namespace Helpline.Server.Dashboard.Charts;

/// <summary>
/// "Today" and "a day" for the figures mean a day in Paris, whatever the server's time zone: a local day becomes the
/// half-open instant range [midnight, next midnight), which is 23 or 25 hours on the days the clocks change.
/// </summary>
internal static class ParisCalendar
{
    /// <summary>The IANA name, as PostgreSQL and .NET both know it.</summary>
    public const string TimeZoneName = "Europe/Paris";

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneName);

    /// <summary>The Paris wall-clock time of an instant.</summary>
    public static DateTime LocalTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).DateTime;

    /// <summary>The Paris date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(LocalTime(at));

    /// <summary>The instants of a Paris day.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Day(DateOnly date) => (Midnight(date), Midnight(date.AddDays(1)));

    /// <summary>The instants from the first day's midnight to the end of the last day.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Days(DateOnly first, DateOnly last) => (Midnight(first), Midnight(last.AddDays(1)));

    private static DateTimeOffset Midnight(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
