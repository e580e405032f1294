using Helpline.Core.Queue;

namespace Helpline.Core.Tests.Queue;

/// <summary>
/// The wait-estimate rule (<see cref="WaitEstimate.For"/>) over tables of histories. Inputs tried: no history, one call,
/// one call short of the minimum, all fast, all slow (with and without the flow's maximum wait), mixed (two kinds of
/// calls), nobody coming, one worker against four, position 1 against 12, calls of three hours among ten-minute ones,
/// durations that are zero, negative or not a number, history older than the window (alone and with too few fresh
/// calls), more history than the rule reads (only the most recent count), the range's minimum width and its one-minute
/// floor.
/// </summary>
public sealed class WaitEstimateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));

    /// <summary>A case: its name (said when it fails), the inputs, and the expected range or reason.</summary>
    public static TheoryData<string, WaitEstimateInputs, WaitEstimateOutcome> Cases() => new()
    {
        { "no history", Inputs(1, 2, []), Withheld(WaitEstimateReason.TooLittleHistory) },
        { "one call", Inputs(1, 2, Calls(1, 10, 10)), Withheld(WaitEstimateReason.TooLittleHistory) },
        { "nine calls, one short of the minimum", Inputs(1, 2, Calls(9, 4, 6)), Withheld(WaitEstimateReason.TooLittleHistory) },
        { "ten calls, the minimum", Inputs(1, 1, Calls(10, 4, 6)), Range(4, 6) },
        { "all fast: 4 to 6 minutes, one worker", Inputs(1, 1, Calls(12, 4, 6), overflow: 600), Range(4, 6) },
        { "all slow: 40 to 60 minutes, ends after the 10 minutes the flow waits", Inputs(1, 1, Calls(12, 40, 60), overflow: 600), Withheld(WaitEstimateReason.BeyondTheMaximumWait) },
        { "all slow, no maximum wait", Inputs(1, 1, Calls(12, 40, 60)), Range(45, 55) },
        { "mixed: half 2-minute, half 30-minute calls", Inputs(1, 1, [.. Calls(6, 2, 2), .. Calls(6, 30, 30)]), Withheld(WaitEstimateReason.HistoryTooSpread) },
        { "nobody coming, rich history", Inputs(1, 0, Calls(50, 4, 6)), Withheld(WaitEstimateReason.NobodyComing) },
        { "16 to 24 minutes, one worker", Inputs(1, 1, Calls(12, 16, 24)), Range(18, 22) },
        { "16 to 24 minutes, four workers", Inputs(1, 4, Calls(12, 16, 24)), Range(4, 6) },
        { "position 1 of four workers: never under one minute, one minute wide at least", Inputs(1, 4, Calls(12, 4, 6)), Range(1, 2) },
        { "position 12 of four workers", Inputs(12, 4, Calls(12, 4, 6)), Range(13, 17) },
        { "position 12 of four workers, ends after the maximum wait", Inputs(12, 4, Calls(12, 4, 6), overflow: 600), Withheld(WaitEstimateReason.BeyondTheMaximumWait) },
        { "two calls of three hours among twenty of 8 to 12 minutes", Inputs(1, 1, [.. Calls(20, 8, 12), .. Calls(2, 180, 180)]), Range(9, 12) },
        { "twenty calls of 8 to 12 minutes (the same without the outliers)", Inputs(1, 1, Calls(20, 8, 12)), Range(9, 11) },
        { "identical calls of 5 minutes", Inputs(1, 1, Calls(12, 5, 5)), Range(5, 6) },
        { "zero, negative and not-a-number durations are not calls", Inputs(1, 1, [.. Calls(9, 4, 6), new(Now, 0), new(Now, -60), new(Now, double.NaN)]), Withheld(WaitEstimateReason.TooLittleHistory) },
        { "stale: twelve calls that ended 8 days ago", Inputs(1, 1, Calls(12, 4, 6, endedDaysAgo: 8)), Withheld(WaitEstimateReason.TooLittleHistory) },
        { "nine fresh calls and twelve stale ones", Inputs(1, 1, [.. Calls(9, 4, 6), .. Calls(12, 4, 6, endedDaysAgo: 8)]), Withheld(WaitEstimateReason.TooLittleHistory) },
        { "only the 100 most recent count: older hour-long calls are not read", Inputs(1, 1, [.. Calls(100, 5, 5), .. Calls(50, 60, 60, endedDaysAgo: 3)]), Range(5, 6) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Estimate_is_a_range_from_recent_calls_or_nothing(string name, WaitEstimateInputs inputs, WaitEstimateOutcome expected)
    {
        var outcome = WaitEstimate.For(inputs);

        Assert.True(expected == outcome, $"{name}: expected {expected}, got {outcome}");
    }

    [Fact]
    public void A_given_range_is_said_with_reason_trustworthy_and_a_withheld_one_has_no_range()
    {
        Assert.Equal(WaitEstimateReason.Trustworthy, WaitEstimate.For(Inputs(1, 1, Calls(12, 4, 6))).Reason);
        Assert.Null(WaitEstimate.For(Inputs(1, 1, [])).Estimate);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Position_must_be_one_or_more(int position) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WaitEstimate.For(Inputs(position, 1, Calls(12, 4, 6))));

    private static WaitEstimateInputs Inputs(int position, int workers, IReadOnlyList<HandledCall> history, double? overflow = null) =>
        new(position, workers, history, Now, overflow);

    /// <summary><paramref name="count"/> calls whose durations are spread evenly from <paramref name="fromMinutes"/> to <paramref name="toMinutes"/>.</summary>
    private static HandledCall[] Calls(int count, double fromMinutes, double toMinutes, int endedDaysAgo = 0) =>
        Enumerable.Range(0, count)
            .Select(i => new HandledCall(
                Now.AddDays(-endedDaysAgo).AddMinutes(-i),
                60 * (count == 1 ? fromMinutes : fromMinutes + ((toMinutes - fromMinutes) * i / (count - 1)))))
            .ToArray();

    private static WaitEstimateOutcome Range(int from, int to) => new(new WaitEstimate(from, to), WaitEstimateReason.Trustworthy);

    private static WaitEstimateOutcome Withheld(WaitEstimateReason reason) => new(null, reason);
}
