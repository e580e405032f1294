using Helpline.Data.Hours;

namespace Helpline.Data.Alerts;

/// <summary>
/// What the database says about the whole line for the supervisors' alerts, read in one round trip so that every
/// instance judges the same facts: who is logged in, the oldest caller still waiting, the last hour's queue exits and
/// the most calls from one caller, and the hours override in force.
/// </summary>
/// <param name="LoggedIn">Active workers who are not offline (available, pause, ringing, on a call, in wrap-up).</param>
/// <param name="LastWorkerChange">The latest status change of any worker (when nobody is logged in: since when, at most); null when there is no worker.</param>
/// <param name="OldestWaitingSince">When the caller waiting longest (not yet with a worker) joined the queue; null when nobody waits.</param>
/// <param name="QueueExits">Callers who left the queue in the hour (answered, hung up, overflowed).</param>
/// <param name="QueueAbandons">Of them, those who hung up before a worker was with them.</param>
/// <param name="MostCallsFromOneCaller">The most calls in the hour from one caller (by keyed hash; withheld numbers have none), 0 when none.</param>
/// <param name="HoursOverride">The stored hours override (expired or not), or null.</param>
public sealed record LineFigures(
    int LoggedIn, DateTimeOffset? LastWorkerChange, DateTimeOffset? OldestWaitingSince, int QueueExits, int QueueAbandons, int MostCallsFromOneCaller,
    StoredHoursOverride? HoursOverride);
