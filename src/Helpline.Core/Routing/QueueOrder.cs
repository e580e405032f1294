using Helpline.Core.Flows;

namespace Helpline.Core.Routing;

/// <summary>
/// Who a free social worker takes next: the one rule of the queue's order, written here as a pure function and carried
/// out atomically in SQL by the router (<c>RoutingStore.TryAssignAsync</c>; a parity test in Helpline.Data.Tests plays
/// the same tables through both).
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Priority class first: a caller recognised as calling back after being cut off (<see cref="CallTags.Recall"/>)
/// goes before everyone who was not (issue "Discretion and continuity": she must not start again from the end of the
/// queue).</item>
/// <item>A call-back request (a queue entry of kind <c>callback</c>, <see cref="WaitingCaller.Callback"/>) waits only while
/// its window is open and the line is open (<c>callbacksAllowed</c>): outside them it is not eligible at all, and inside
/// them it is in the class <see cref="CallbackWindowOpen"/> — or the caller's own class when higher (she keeps her
/// class and her place in line, <see cref="WaitingCaller.PriorityAt"/>, from the call that asked for it).</item>
/// <item>A caller reserved for the worker she spoke to (<see cref="WaitingCaller.PreferredWorker"/>, until
/// <see cref="WaitingCaller.PreferredUntil"/>) is taken by that worker only; once the reservation lapses anyone may take
/// her. Within a class, the worker she prefers takes her before callers who prefer no one.</item>
/// <item>Then her place in line (<see cref="WaitingCaller.PriorityAt"/>, then <see cref="WaitingCaller.JoinedAt"/>,
/// then the call's identifier so that the order is total), as Asterisk's queues do for equal weights.</item>
/// </list>
/// Workers are tried in the assignment policy's order (longest idle, or fewest calls); the first worker for whom a
/// caller is eligible takes the caller this rule gives.
/// </remarks>
public static class QueueOrder
{
    /// <summary>Everyone's class.</summary>
    public const int Normal = 0;

    /// <summary>A caller recognised as calling back after being cut off.</summary>
    public const int RecallAfterCutOff = 10;

    /// <summary>
    /// A call-back whose window is open (issue 13): after a caller cut off who is on the line again (she may be in
    /// danger right now), before the callers holding (the window she chose as safe is limited, and may not come back
    /// today; a caller on hold can keep holding or ask for a call-back herself).
    /// </summary>
    public const int CallbackWindowOpen = 5;

    /// <summary>The class of a call-back request asked by a caller of class <paramref name="callerClass"/>: hers when higher.</summary>
    public static int CallbackPriority(int callerClass) => Math.Max(CallbackWindowOpen, callerClass);

    /// <summary>
    /// True when <paramref name="caller"/> may be taken at <paramref name="now"/> at all: a caller on the line always; a
    /// call-back only within its turn (<see cref="CallbackTurn.IsOpenAt"/>) and while <paramref name="callbacksAllowed"/>
    /// (the line is open: a call-back is only made during opening hours, the operator's override included).
    /// </summary>
    public static bool IsDue(WaitingCaller caller, DateTimeOffset now, bool callbacksAllowed)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Callback is not { } turn || (callbacksAllowed && turn.IsOpenAt(now));
    }

    /// <summary>The classes the call's tags give (the highest wins); a tag not listed gives <see cref="Normal"/>.</summary>
    public static IReadOnlyDictionary<string, int> TagPriorities { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [CallTags.Recall] = RecallAfterCutOff,
    };

    /// <summary>The class of a call carrying <paramref name="tags"/>.</summary>
    public static int PriorityOf(IEnumerable<string> tags) =>
        tags.Select(t => TagPriorities.GetValueOrDefault(t, Normal)).DefaultIfEmpty(Normal).Max();

    /// <summary>True when <paramref name="caller"/> is reserved, at <paramref name="now"/>, for a worker other than <paramref name="workerId"/>.</summary>
    public static bool IsReservedForAnother(WaitingCaller caller, int workerId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.PreferredWorker is { } preferred && preferred != workerId && caller.PreferredUntil > now;
    }

    /// <summary>The caller <paramref name="workerId"/> takes next among <paramref name="waiting"/>, or null when none is eligible.</summary>
    public static WaitingCaller? NextFor(int workerId, IEnumerable<WaitingCaller> waiting, DateTimeOffset now, bool callbacksAllowed = true) =>
        waiting.Where(c => !IsReservedForAnother(c, workerId, now) && IsDue(c, now, callbacksAllowed))
            .OrderByDescending(c => c.Priority)
            .ThenByDescending(c => c.PreferredWorker == workerId && c.PreferredUntil > now)
            .ThenBy(c => c.PriorityAt)
            .ThenBy(c => c.JoinedAt)
            .ThenBy(c => c.CallSid, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>
    /// The next assignment: the first of <paramref name="availableWorkers"/> (in the policy's order) for whom a caller is
    /// eligible, with that caller; null when no worker can take anyone.
    /// </summary>
    public static (int WorkerId, WaitingCaller Caller)? Assign(IEnumerable<int> availableWorkers, IReadOnlyCollection<WaitingCaller> waiting, DateTimeOffset now, bool callbacksAllowed = true)
    {
        ArgumentNullException.ThrowIfNull(availableWorkers);
        foreach (var worker in availableWorkers)
        {
            if (NextFor(worker, waiting, now, callbacksAllowed) is { } caller)
            {
                return (worker, caller);
            }
        }

        return null;
    }
}
