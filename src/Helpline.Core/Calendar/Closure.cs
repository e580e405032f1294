namespace Helpline.Core.Calendar;

/// <summary>Days an operator has closed the line (a team away, a holiday bridge), in the calendar's local dates, both ends included.</summary>
/// <param name="From">First closed day.</param>
/// <param name="To">Last closed day.</param>
/// <param name="Reason">Why, shown in events and to the team.</param>
public sealed record Closure(DateOnly From, DateOnly To, string Reason)
{
    /// <summary>True when <paramref name="date"/> is within the closure.</summary>
    public bool Covers(DateOnly date) => date >= From && date <= To;
}
