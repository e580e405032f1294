using Helpline.Core.Calendar;
using Helpline.Core.Flows;

namespace Helpline.Core.Callbacks;

/// <summary>
/// When a call-back may be made (issue 13): a caller chooses "as soon as possible" or one of the flow's named windows,
/// in the flow's calendar (time zone, weekly hours, public holidays, closures), and a call-back is only made while the
/// line is open. This is the one rule that turns a choice into instants; the dialogue offers only the windows it
/// resolves, and the request stores what it gives.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A named window is the local times <c>from</c>–<c>to</c> of the call's day (or the next day), cut to the
/// line's opening intervals of that day — across a clock change, a window from 16:00 to 18:00 on a day that closes at
/// 17:00 is 16:00–17:00 — and to now. It is offered only when at least <see cref="MinimumOpen"/> of it is left: on a
/// holiday, a closure, a closed day or too late, it is not offered.</item>
/// <item>"As soon as possible" is the line's next opening interval that still has <see cref="MinimumOpen"/> ahead:
/// from now when the line is open, otherwise from the next opening, looking at most <see cref="Horizon"/> ahead.</item>
/// <item>The operator's override (an exceptional closing or opening) is not part of the resolution: it is applied at
/// the time of the call-back (the dispatcher makes call-backs only while the line is open at that instant).</item>
/// </list>
/// Pure and thread-safe; the instant comes from the caller (TimeProvider).
/// </remarks>
public static class CallbackWindows
{
    /// <summary>The name stored for "as soon as possible".</summary>
    public const string AsSoonAsPossible = "des-que-possible";

    /// <summary>The least time left in a window for it to be offered: a call-back needs a worker to be free within it.</summary>
    public static readonly TimeSpan MinimumOpen = TimeSpan.FromMinutes(10);

    /// <summary>How far ahead "as soon as possible" looks for the next opening (a closure of a few weeks ends the search).</summary>
    public const int Horizon = 21;

    /// <summary>The instants of <paramref name="window"/> for a call at <paramref name="now"/>, or null when it cannot be offered.</summary>
    public static ResolvedWindow? Resolve(CallbackWindowDefinition window, DateTimeOffset now, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(calendar);
        var day = calendar.DateOf(now).AddDays(window.DaysAhead);
        var start = calendar.ToInstant(day, window.From);
        var end = window.To == TimeOnly.MaxValue ? calendar.ToInstant(day.AddDays(1), TimeOnly.MinValue) : calendar.ToInstant(day, window.To);
        DateTimeOffset? from = null, to = null;
        foreach (var (open, close) in calendar.OpeningIntervals(day))
        {
            var a = Max(Max(open, start), now);
            var b = Min(close, end);
            if (b - a < MinimumOpen)
            {
                continue;
            }

            from = from is null || a < from ? a : from;
            to = to is null || b > to ? b : to;
        }

        return from is { } f && to is { } t ? new ResolvedWindow(window.Name, f, t) : null;
    }

    /// <summary>"As soon as possible" for a call at <paramref name="now"/>: the next opening interval with time left; null when the line does not open within <see cref="Horizon"/> days.</summary>
    public static ResolvedWindow? Soonest(DateTimeOffset now, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var today = calendar.DateOf(now);
        for (var d = 0; d <= Horizon; d++)
        {
            foreach (var (open, close) in calendar.OpeningIntervals(today.AddDays(d)))
            {
                var from = Max(open, now);
                if (close - from >= MinimumOpen)
                {
                    return new ResolvedWindow(AsSoonAsPossible, from, close);
                }
            }
        }

        return null;
    }

    /// <summary>Every choice offered at <paramref name="now"/>: "as soon as possible" first (when the line opens within the horizon), then the named windows that resolve, in file order.</summary>
    public static IReadOnlyList<(string Keys, ResolvedWindow Window, CallbackWindowDefinition? Definition)> Offered(CallbackDefinition callback, DateTimeOffset now, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var offered = new List<(string, ResolvedWindow, CallbackWindowDefinition?)>();
        if (Soonest(now, calendar) is { } soonest)
        {
            offered.Add((AsSoonAsPossibleKey, soonest, null));
        }

        foreach (var window in callback.Windows)
        {
            if (Resolve(window, now, calendar) is { } resolved)
            {
                offered.Add((window.Keys, resolved, window));
            }
        }

        return offered;
    }

    /// <summary>The key of "as soon as possible".</summary>
    public const string AsSoonAsPossibleKey = "1";

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
