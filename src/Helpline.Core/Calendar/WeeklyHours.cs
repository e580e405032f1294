namespace Helpline.Core.Calendar;

/// <summary>The regular opening intervals of each day of the week (several per day allowed, e.g. a lunch break).</summary>
public sealed class WeeklyHours
{
    private readonly Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>> _days;

    /// <summary>Creates weekly hours; days not listed are closed.</summary>
    public WeeklyHours(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningInterval>> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        _days = days.ToDictionary(d => d.Key, d => (IReadOnlyList<OpeningInterval>)d.Value.OrderBy(i => i.Start).ToList());
    }

    /// <summary>Monday to Friday, 09:00–17:00: the helpline's usual hours.</summary>
    public static WeeklyHours OfficeHours { get; } = new(new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>
    {
        [DayOfWeek.Monday] = [new(new TimeOnly(9, 0), new TimeOnly(17, 0))],
        [DayOfWeek.Tuesday] = [new(new TimeOnly(9, 0), new TimeOnly(17, 0))],
        [DayOfWeek.Wednesday] = [new(new TimeOnly(9, 0), new TimeOnly(17, 0))],
        [DayOfWeek.Thursday] = [new(new TimeOnly(9, 0), new TimeOnly(17, 0))],
        [DayOfWeek.Friday] = [new(new TimeOnly(9, 0), new TimeOnly(17, 0))],
    });

    /// <summary>The intervals of <paramref name="day"/>, in order (empty when closed all day).</summary>
    public IReadOnlyList<OpeningInterval> For(DayOfWeek day) => _days.TryGetValue(day, out var list) ? list : [];

    /// <summary>True when the weekly hours are open at <paramref name="day"/> <paramref name="time"/>.</summary>
    public bool IsOpen(DayOfWeek day, TimeOnly time) => For(day).Any(i => i.Contains(time));

    /// <summary>True when no day has an opening interval: these hours alone never open.</summary>
    public bool IsNeverOpen => _days.Values.All(intervals => intervals.Count == 0);

    /// <summary>
    /// True when every day of the week is covered from 00:00 to 24:00 without a gap (one <c>00:00-24:00</c> range, or
    /// ranges that meet end to start): these hours alone never close.
    /// </summary>
    public bool IsAlwaysOpen => Enum.GetValues<DayOfWeek>().All(IsOpenAllDay);

    private bool IsOpenAllDay(DayOfWeek day)
    {
        var reached = TimeOnly.MinValue;
        foreach (var interval in For(day))
        {
            if (interval.Start > reached)
            {
                return false;
            }

            if (interval.End > reached)
            {
                reached = interval.End;
            }
        }

        return reached == TimeOnly.MaxValue;
    }
}
