namespace Helpline.Core.Queue;

/// <summary>
/// The wait a caller may be told, as a range of whole minutes (« entre 3 et 6 minutes »), and the rule that decides
/// whether one may be told at all (<see cref="For"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>The rule.</b> A social worker taken by a caller is free again after that caller's <i>handling time</i>: the ring,
/// the conversation and the wrap-up (<see cref="HandledCall"/>). With <c>N</c> workers coming, one of them frees up on
/// average every <c>H / N</c>, so the caller at position <c>p</c> is reached after about <c>p × H / N</c>. The range
/// puts the lower and upper quartiles of this line's recent handling times (the most recent
/// <see cref="MaximumHistory"/> answered calls within <see cref="Window"/>) in place of <c>H</c>: it says where the
/// middle half of recent calls would put her, rounded outwards to whole minutes, never under one minute, at least one
/// minute wide. Nothing is said when nobody can come, when fewer than <see cref="MinimumHistory"/> recent calls are
/// known, when their middle half spans more than <see cref="MaximumRelativeSpread"/> times their median (a range that
/// wide tells a caller nothing), or when the range as spoken (rounded outwards, at least one minute wide) would end
/// after the flow's maximum wait (she may be sent to the overflow first: the estimate would promise a conversation the
/// flow will not wait for).
/// </para>
/// <para>
/// <b>Source, and why this one.</b> History-based like Asterisk's queue <c>holdtime</c> (app_queue.c,
/// <c>recalc_holdtime</c>: an exponential average, weight ¼, of answered callers' hold times, announced as one number for
/// everyone in the queue), without its known flaws: Asterisk averages waits, so callers who gave up never count (it
/// understates a bad day), the figure carries the staffing of the hour it was measured in, and it ignores both the
/// caller's position and how many agents are logged in. Handling times do not depend on who was waiting nor on who gave
/// up, and the current staffing and position are applied now. No Erlang C: it needs an arrival rate and assumes
/// callers never give up and workers never pause — assumptions a four-person line breaks every hour; and one number
/// (its mean) is exactly what this rule refuses to speak. Quartiles rather than mean ± deviation, so that a few calls
/// that ran for hours (or a lost outcome settled late) do not move the range.
/// </para>
/// <para>
/// <b>Known flaws.</b> Each worker is taken to free up at the average pace whatever her current call has already
/// lasted (memoryless, as an exponential service time); for exponential handling times the quartiles of the first
/// worker to free up are exactly the quartiles of <c>H</c> divided by <c>N</c>, and for later positions the true range is
/// narrower than the one given: the rule errs on the wide side. It ignores workers who will pause before reaching her,
/// callers who will be put ahead of her (a priority call-back), and missed offers.
/// </para>
/// <para>Pure and thread-safe: everything comes from <see cref="WaitEstimateInputs"/>, the service clock included.</para>
/// </remarks>
/// <param name="FromMinutes">The lower end, at least 1.</param>
/// <param name="ToMinutes">The upper end, greater than <paramref name="FromMinutes"/>.</param>
public sealed record WaitEstimate(int FromMinutes, int ToMinutes)
{
    /// <summary>How far back answered calls count: a week covers the line's usual days and follows a change of team within one.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>At most this many calls, the most recent, are used (the store asks for no more: a bounded query).</summary>
    public const int MaximumHistory = 100;

    /// <summary>Fewer recent calls than this, and no estimate: quartiles of a handful of calls are noise.</summary>
    public const int MinimumHistory = 10;

    /// <summary>
    /// The widest spread of recent handling times that still gives a range: the interquartile range divided by the
    /// median. At 1, the middle half of calls spans no more than a typical call (8 to 16 minutes around 12, say).
    /// </summary>
    public const double MaximumRelativeSpread = 1.0;

    /// <summary>Decides whether an estimate may be spoken to the caller described by <paramref name="inputs"/>, and which.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The position is not 1 or more.</exception>
    public static WaitEstimateOutcome For(WaitEstimateInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs.Position, 1);
        if (inputs.WorkersComing <= 0)
        {
            return new(null, WaitEstimateReason.NobodyComing);
        }

        var since = inputs.Now - Window;
        var seconds = inputs.History
            .Where(c => c.EndedAt > since && double.IsFinite(c.Seconds) && c.Seconds > 0)
            .OrderByDescending(c => c.EndedAt)
            .Take(MaximumHistory)
            .Select(c => c.Seconds)
            .Order()
            .ToArray();
        if (seconds.Length < MinimumHistory)
        {
            return new(null, WaitEstimateReason.TooLittleHistory);
        }

        var (lower, median, upper) = (Quantile(seconds, 0.25), Quantile(seconds, 0.5), Quantile(seconds, 0.75));
        if (upper - lower > MaximumRelativeSpread * median)
        {
            return new(null, WaitEstimateReason.HistoryTooSpread);
        }

        var perCaller = (double)inputs.Position / inputs.WorkersComing;
        var (soonest, latest) = (perCaller * lower, perCaller * upper);
        var from = Math.Max(1, (int)Math.Floor(soonest / 60));
        var to = Math.Max(from + 1, (int)Math.Ceiling(latest / 60));

        // The range she hears, after rounding outwards and the one-minute width, is what must end before the overflow.
        if (inputs.SecondsBeforeOverflow is { } left && to * 60 > left)
        {
            return new(null, WaitEstimateReason.BeyondTheMaximumWait);
        }

        return new(new WaitEstimate(from, to), WaitEstimateReason.Trustworthy);
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values, interpolated between the two nearest ranks.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var rank = (sorted.Length - 1) * q;
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }
}
