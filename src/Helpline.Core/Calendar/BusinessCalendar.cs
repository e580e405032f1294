namespace Helpline.Core.Calendar;

/// <summary>
/// Decides whether the line is open at an instant: weekly hours in the calendar's time zone (converted correctly across
/// daylight-saving changes), French public holidays, dated closures, and an operator's override, which wins over all.
/// The instant always comes from the caller (TimeProvider), so every rule can be tested at any moment.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class BusinessCalendar
{
    private readonly IReadOnlyList<Closure> _closures;

    /// <summary>Creates a calendar.</summary>
    public BusinessCalendar(TimeZoneInfo zone, WeeklyHours hours, bool frenchPublicHolidays, IReadOnlyList<Closure> closures, bool alsaceMoselle = false)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(closures);
        Zone = zone;
        Hours = hours;
        FrenchPublicHolidays = frenchPublicHolidays;
        AlsaceMoselle = alsaceMoselle;
        _closures = closures.ToList();
    }

    /// <summary>Monday–Friday 09:00–17:00 Europe/Paris, closed on French public holidays: the helpline's default.</summary>
    public static BusinessCalendar FrenchOfficeHours { get; } =
        new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), WeeklyHours.OfficeHours, frenchPublicHolidays: true, []);

    /// <summary>The time zone the hours are written in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The weekly hours.</summary>
    public WeeklyHours Hours { get; }

    /// <summary>True when French public holidays are closed.</summary>
    public bool FrenchPublicHolidays { get; }

    /// <summary>True when Alsace-Moselle's two extra holidays are closed too.</summary>
    public bool AlsaceMoselle { get; }

    /// <summary>
    /// True when nothing in the calendar itself can ever open the line (no opening range on any day). Only an operator's
    /// override could; the flow's validator uses this to find a branch a calendar never takes.
    /// </summary>
    public bool NeverOpens => Hours.IsNeverOpen;

    /// <summary>
    /// True when nothing in the calendar itself can ever close the line: open around the clock every day, with no public
    /// holidays and no dated closures. Only an operator's override could.
    /// </summary>
    public bool NeverCloses => Hours.IsAlwaysOpen && !FrenchPublicHolidays && _closures.Count == 0;

    /// <summary>
    /// The opening intervals of the local date <paramref name="date"/> as instants, in order: none on a public holiday
    /// or a closure, otherwise the weekly hours of that day converted with the calendar's time zone (a local time that a
    /// clock change skips is moved on by the gap; a local time lived twice is taken at its first occurrence). The
    /// operator's override is not part of it (it is evaluated at the instant, <see cref="Evaluate"/>).
    /// </summary>
    /// <remarks>Used to resolve call-back windows (issue 13): a window is cut to the line's opening hours of its day.</remarks>
    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> OpeningIntervals(DateOnly date)
    {
        if ((FrenchPublicHolidays && Calendar.FrenchPublicHolidays.On(date, AlsaceMoselle) is not null) || _closures.Any(c => c.Covers(date)))
        {
            return [];
        }

        return Hours.For(date.DayOfWeek)
            .Select(i => (ToInstant(date, i.Start), i.End == TimeOnly.MaxValue ? ToInstant(date.AddDays(1), TimeOnly.MinValue) : ToInstant(date, i.End)))
            .Where(i => i.Item1 < i.Item2)
            .ToList();
    }

    /// <summary>
    /// The instant of a local date and time in the calendar's zone: a time skipped by a clock change (spring) is moved on
    /// by the gap, a time lived twice (autumn) is its first occurrence.
    /// </summary>
    public DateTimeOffset ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>The local date of <paramref name="instant"/> in the calendar's zone.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>Open or closed at <paramref name="instant"/>, and why. An unexpired <paramref name="activeOverride"/> wins over everything.</summary>
    public OpeningStatus Evaluate(DateTimeOffset instant, HoursOverride? activeOverride = null)
    {
        if (activeOverride is not null && activeOverride.AppliesAt(instant))
        {
            return activeOverride.Mode == HoursOverrideMode.Open
                ? new OpeningStatus(true, OpeningReason.OverrideOpen, activeOverride.Reason)
                : new OpeningStatus(false, OpeningReason.OverrideClosed, activeOverride.Reason);
        }

        var local = TimeZoneInfo.ConvertTime(instant, Zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (FrenchPublicHolidays && Calendar.FrenchPublicHolidays.On(date, AlsaceMoselle) is { } holiday)
        {
            return new OpeningStatus(false, OpeningReason.PublicHoliday, holiday.Name);
        }

        foreach (var closure in _closures)
        {
            if (closure.Covers(date))
            {
                return new OpeningStatus(false, OpeningReason.Closure, closure.Reason);
            }
        }

        return Hours.IsOpen(local.DayOfWeek, TimeOnly.FromDateTime(local.DateTime))
            ? new OpeningStatus(true, OpeningReason.RegularHours)
            : new OpeningStatus(false, OpeningReason.OutsideHours);
    }
}
