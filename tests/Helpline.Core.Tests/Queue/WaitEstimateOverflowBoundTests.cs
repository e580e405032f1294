using Helpline.Core.Queue;

namespace Helpline.Core.Tests.Queue;

/// <summary>
/// Review of issue 12.5 ("Honest waiting"). <see cref="WaitEstimate"/>'s own rule says nothing is said "when the range
/// would end after the flow's maximum wait (she may be sent to the overflow first)". It once compared the
/// <i>unrounded</i> upper end with the time left, then rounded outwards (and widened to one minute): the range the
/// caller heard could end after she was sent to the overflow. The spoken upper end is what is compared now.
/// </summary>
public sealed class WaitEstimateOverflowBoundTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));

    /// <summary>Rows: name, handling time of every recent call (s), position, workers coming, seconds before the overflow.</summary>
    public static TheoryData<string, double, int, int, double> Cases() => new()
    {
        // 200 s calls, one worker: 3.33 min unrounded fits in 220 s; spoken "entre 3 et 4 minutes" (240 s).
        { "ceiling past the overflow", 200, 1, 1, 220 },
        // 30 s calls: "entre 1 et 2 minutes" by the one-minute width, but the flow sends her on after 90 s.
        { "one-minute width past the overflow", 30, 1, 1, 90 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Spoken_range_never_ends_after_the_caller_is_sent_to_the_overflow(string name, double seconds, int position, int workers, double secondsBeforeOverflow)
    {
        var history = Enumerable.Range(0, 12).Select(i => new HandledCall(Now.AddMinutes(-i), seconds)).ToArray();

        var outcome = WaitEstimate.For(new WaitEstimateInputs(position, workers, history, Now, secondsBeforeOverflow));

        Assert.True(outcome.Estimate is null || outcome.Estimate.ToMinutes * 60 <= secondsBeforeOverflow,
            $"{name}: the caller hears « entre {outcome.Estimate?.FromMinutes} et {outcome.Estimate?.ToMinutes} minutes » but is sent to the overflow after {secondsBeforeOverflow} s");
    }

    /// <summary>
    /// Rows at the boundary: name, handling time of every recent call (s), position, workers coming, seconds before the
    /// overflow, and the range expected (0, 0 when nothing may be said). The spoken upper end is what is compared.
    /// </summary>
    public static TheoryData<string, double, int, int, double, int, int> Boundaries() => new()
    {
        // 200 s calls, one worker: spoken « entre 3 et 4 minutes », 240 s.
        { "rounded-up end exactly at the overflow is said", 200, 1, 1, 240, 3, 4 },
        { "rounded-up end one second after the overflow is not", 200, 1, 1, 239, 0, 0 },
        { "unrounded end fits, rounded-up end does not", 200, 1, 1, 220, 0, 0 },
        // 30 s calls, one worker: widened to « entre 1 et 2 minutes », 120 s.
        { "widened end exactly at the overflow is said", 30, 1, 1, 120, 1, 2 },
        { "widened end one second after the overflow is not", 30, 1, 1, 119, 0, 0 },
        // 240 s calls, one worker: already whole minutes, « entre 4 et 5 minutes » by the width.
        { "whole-minute handling time widened past the overflow", 240, 1, 1, 240, 0, 0 },
        { "whole-minute handling time, widened end at the overflow", 240, 1, 1, 300, 4, 5 },
        // 200 s calls, position 3 of two workers: 300 s, « entre 5 et 6 minutes » by the width.
        { "later position, widened end one second after", 200, 3, 2, 359, 0, 0 },
        { "later position, widened end at the overflow", 200, 3, 2, 360, 5, 6 },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Spoken_range_is_compared_with_the_time_left_at_its_rounded_upper_end(string name, double seconds, int position, int workers, double secondsBeforeOverflow, int from, int to)
    {
        var history = Enumerable.Range(0, 12).Select(i => new HandledCall(Now.AddMinutes(-i), seconds)).ToArray();
        var expected = to == 0
            ? new WaitEstimateOutcome(null, WaitEstimateReason.BeyondTheMaximumWait)
            : new WaitEstimateOutcome(new WaitEstimate(from, to), WaitEstimateReason.Trustworthy);

        var outcome = WaitEstimate.For(new WaitEstimateInputs(position, workers, history, Now, secondsBeforeOverflow));

        Assert.True(expected == outcome, $"{name}: expected {expected}, got {outcome}");
    }
}
