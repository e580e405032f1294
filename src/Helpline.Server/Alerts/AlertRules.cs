using Helpline.Core.Calendar;
using Helpline.Data.Alerts;
using Helpline.Server.Hours;

namespace Helpline.Server.Alerts;

/// <summary>
/// The line-wide alert rules, as pure functions of what the database says (<see cref="LineFigures"/>), the flow's own
/// calendar and the clock: so they can be read, tested at any instant, and agree on every instance.
/// </summary>
/// <remarks>
/// "Logged in" is read from the workers' statuses: an active worker whose status is anything but offline — available,
/// pause, ringing, on a call or in wrap-up. A worker in pause is at her post (the page says "En pause"); offline and
/// deactivated workers are not. The rule is about people at their post, not about who can take a call now (that is
/// the queue's "nobody can come" rule, which sends callers to the overflow).
/// </remarks>
internal static class AlertRules
{
    /// <summary>The line-wide conditions true at <paramref name="now"/>.</summary>
    /// <param name="figures">What the database says.</param>
    /// <param name="calendar">The flow's own calendar (the override applies to it only, as on the voice path).</param>
    /// <param name="now">The service's clock.</param>
    /// <param name="options">The thresholds.</param>
    /// <param name="maxCallsPerHour">The rate limit (<c>Helpline:Callers:MaxCallsPerHour</c>).</param>
    public static IReadOnlyList<AlertCondition> ForLine(LineFigures figures, BusinessCalendar calendar, DateTimeOffset now, AlertsOptions options, int maxCallsPerHour)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(options);
        var found = new List<AlertCondition>();
        if (NobodyLoggedIn(figures, calendar, now, TimeSpan.FromMinutes(options.NobodyLoggedInMinutes)))
        {
            found.Add(new AlertCondition(AlertKinds.NobodyLoggedIn));
        }

        if (figures.OldestWaitingSince is { } since && (now - since).TotalSeconds > options.OldestWaitSeconds)
        {
            found.Add(new AlertCondition(AlertKinds.OldestWait, Seconds: (int)(now - since).TotalSeconds));
        }

        if (figures.QueueExits >= options.AbandonMinimumCallers && (double)figures.QueueAbandons / figures.QueueExits > options.AbandonRate)
        {
            found.Add(new AlertCondition(AlertKinds.AbandonRate, Count: figures.QueueAbandons, Total: figures.QueueExits));
        }

        if (figures.MostCallsFromOneCaller > maxCallsPerHour)
        {
            found.Add(new AlertCondition(AlertKinds.CallerBurst, Count: figures.MostCallsFromOneCaller));
        }

        return found;
    }

    /// <summary>
    /// True when the line is open now, has been open for all of the last <paramref name="after"/>, and nobody has
    /// been logged in during that time either (the last worker's change is older). So the alert comes
    /// <paramref name="after"/> past the opening when nobody came, or <paramref name="after"/> past the last one's
    /// leaving during open hours.
    /// </summary>
    public static bool NobodyLoggedIn(LineFigures figures, BusinessCalendar calendar, DateTimeOffset now, TimeSpan after)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return figures.LoggedIn == 0
            && (figures.LastWorkerChange is not { } change || change <= now - after)
            && OpenThroughout(calendar, figures, now - after, now);
    }

    /// <summary>
    /// True when the line was open at every minute from <paramref name="from"/> to <paramref name="to"/> (and at both
    /// ends), with the stored override applied from the moment it was set. Hours are written to the minute, so a
    /// minute's step does not miss a closing.
    /// </summary>
    public static bool OpenThroughout(BusinessCalendar calendar, LineFigures figures, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(figures);
        var stored = figures.HoursOverride;
        var active = stored is null ? null : HoursOverrideService.ToCalendar(stored);
        bool OpenAt(DateTimeOffset instant) => calendar.Evaluate(instant, stored is not null && instant >= stored.SetAt ? active : null).IsOpen;

        for (var instant = to; instant > from; instant = instant.AddMinutes(-1))
        {
            if (!OpenAt(instant))
            {
                return false;
            }
        }

        return OpenAt(from);
    }
}
