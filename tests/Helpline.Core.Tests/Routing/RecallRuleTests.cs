using Helpline.Core.Routing;

namespace Helpline.Core.Tests.Routing;

/// <summary>
/// When a caller is recognised as calling back after being cut off, as a table of her latest earlier call: how it
/// ended in the queue, how long she spoke, how long ago it ended (window 30 min, short call 60 s).
/// </summary>
public sealed class RecallRuleTests
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    internal static readonly RecallRule Rule = new(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));

    /// <summary>Rows: queue status (or "-" for none), talk seconds (-1: not answered), minutes since it ended, expected ("recall", "recall with 7", "no").</summary>
    public static TheoryData<string, int, double, string> Calls() => new()
    {
        { "abandoned", -1, 5, "recall" },          // hung up while waiting (or while a worker's phone rang, or during the whisper)
        { "abandoned", -1, 29.9, "recall" },
        { "abandoned", -1, 30, "recall" },         // the window's edge is in
        { "abandoned", -1, 30.1, "no" },           // too long ago
        { "answered", 20, 2, "recall with 7" },    // a conversation of 20 s: cut off, back to the worker she spoke to
        { "answered", 59, 2, "recall with 7" },
        { "answered", 60, 2, "no" },               // a whole minute: a conversation, not a cut-off
        { "answered", 900, 2, "no" },
        { "overflowed", -1, 2, "no" },             // sent on to 3919: not cut off by us
        { "-", -1, 2, "no" },                      // never queued (a transfer, a hang-up in the menu)
        { "waiting", -1, 2, "no" },                // an entry still open cannot be an earlier, ended call's
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public void A_recent_abrupt_end_makes_the_next_call_a_recall(string status, int talkSeconds, double minutesAgo, string expected)
    {
        var previous = Previous(status, talkSeconds, minutesAgo);

        var (isRecall, worker) = Rule.Decide(previous, Now);

        Assert.Equal(expected, isRecall ? worker is { } w ? $"recall with {w}" : "recall" : "no");
    }

    /// <summary>
    /// Rows: her latest earlier call was itself a recall (kept for worker 3, or for nobody); its queue status (or "-"),
    /// minutes since it ended, expected. A recall cut off again before it reached the queue passes its recall on.
    /// </summary>
    public static TheoryData<bool, string, double, string> RecallsCutOffAgain() => new()
    {
        { false, "-", 2, "recall" },                // cut off again in the welcome menu of her recall
        { true, "-", 2, "recall with 3" },          // ... and still kept for the worker she spoke to first
        { true, "-", 30, "recall with 3" },         // the window's edge is in, counted from the recall's end
        { true, "-", 30.1, "no" },
        { true, "abandoned", 2, "recall with 3" },  // her recall was cut off in the queue: still kept for the worker she spoke to first
        { false, "abandoned", 2, "recall" },        // ... kept for nobody: the queue's rule alone
        { true, "overflowed", 2, "no" },            // sent on to 3919: not cut off by us
        { false, "answered", 2, "recall with 7" },  // her recall was answered and cut off: the worker of that conversation
    };

    [Theory]
    [MemberData(nameof(RecallsCutOffAgain))]
    public void A_recall_cut_off_again_before_the_queue_makes_the_next_call_a_recall(bool keptForWorker, string status, double minutesAgo, string expected)
    {
        var previous = Previous(status, talkSeconds: status == "answered" ? 20 : -1, minutesAgo) with { WasRecall = true, RecallWorkerId = keptForWorker ? 3 : null };

        var (isRecall, worker) = Rule.Decide(previous, Now);

        Assert.True(expected == (isRecall ? worker is { } w ? $"recall with {w}" : "recall" : "no"), $"{status}, {minutesAgo} min, kept for {(keptForWorker ? 3 : "nobody")}: expected {expected}");
    }

    [Fact]
    public void No_earlier_call_or_recognition_off_is_no_recall()
    {
        Assert.False(Rule.Decide(null, Now).IsRecall);
        Assert.False((Rule with { Window = TimeSpan.Zero }).Decide(Previous("abandoned", -1, 1), Now).IsRecall);
        Assert.False(Rule.Decide(Previous("abandoned", -1, -1), Now).IsRecall); // an end in the future (clock skew) is not an earlier call
    }

    internal static PreviousCall Previous(string status, int talkSeconds, double minutesAgo)
    {
        var ended = Now.AddMinutes(-minutesAgo);
        var answered = talkSeconds >= 0 ? ended.AddSeconds(-talkSeconds) : (DateTimeOffset?)null;
        return new PreviousCall(ended, status == "-" ? null : status, answered, status == "-" ? null : ended, status is "answered" or "abandoned" ? 7 : null);
    }
}
