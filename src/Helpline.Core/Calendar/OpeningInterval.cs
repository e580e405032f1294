namespace Helpline.Core.Calendar;

/// <summary>A half-open opening interval [Start, End) within a day, in the calendar's local time.</summary>
public readonly record struct OpeningInterval
{
    /// <summary>Creates an interval; <paramref name="start"/> must be before <paramref name="end"/>.</summary>
    public OpeningInterval(TimeOnly start, TimeOnly end)
    {
        if (start >= end)
        {
            throw new ArgumentException($"an opening interval must start before it ends ({start:HH\\:mm}-{end:HH\\:mm})", nameof(end));
        }

        Start = start;
        End = end;
    }

    /// <summary>First open instant of the interval.</summary>
    public TimeOnly Start { get; }

    /// <summary>First closed instant after the interval (<see cref="TimeOnly.MaxValue"/> for "until midnight").</summary>
    public TimeOnly End { get; }

    /// <summary>True when <paramref name="time"/> is within [Start, End).</summary>
    public bool Contains(TimeOnly time) => time >= Start && (time < End || (End == TimeOnly.MaxValue && time == TimeOnly.MaxValue));
}
