using Helpline.Core.Flows;
using Helpline.Core.Routing;

namespace Helpline.Core.Tests.Routing;

/// <summary>
/// The queue's order as a table: each row is a queue (callers written <c>name:class:place[:reserved-for@until]</c>,
/// place and until in seconds), the workers free in the policy's order, the instant, and who takes whom.
/// </summary>
public sealed class QueueOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, int, string> Queues() => new()
    {
        // queue                                  free workers   now   expected (worker:caller, or "none")
        { "",                                     "1",           0,    "none" },
        { "a:0:10",                               "",            0,    "none" },
        { "a:0:10 b:0:20",                        "1",           0,    "1:a" },           // first come, first served
        { "a:0:20 b:0:10",                        "1",           0,    "1:b" },
        { "a:0:10 b:10:50",                       "1",           0,    "1:b" },           // a recall goes before everyone
        { "a:10:50 b:10:30",                      "1",           0,    "1:b" },           // two recalls: in their order
        { "a:0:10 b:10:50:2@20",                  "1",           5,    "1:a" },           // b waits for worker 2 until 20 s
        { "a:0:10 b:10:50:2@20",                  "1 2",         5,    "1:a" },           // worker 1 (first in policy) takes a
        { "b:10:50:2@20",                         "1 2",         5,    "2:b" },           // worker 1 may not take b: worker 2 does
        { "b:10:50:2@20",                         "1",           5,    "none" },          // only worker 1 free: b waits for 2
        { "b:10:50:2@20",                         "1",           20,   "1:b" },           // the reservation lapsed at 20 s
        { "b:10:50:2@20",                         "1",           25,   "1:b" },
        { "a:10:10 b:10:50:2@20",                 "2",           5,    "2:b" },           // worker 2 takes her own first, within the class
        { "a:10:10 b:0:50:2@20",                  "2",           5,    "2:a" },           // a higher class still goes first
        { "a:0:10 b:10:50:2@20 c:10:60",          "1",           5,    "1:c" },           // worker 1 skips b, takes the next recall
        { "a:0:10 b:0:10",                        "1",           0,    "1:a" },           // same place: by call id, so the order is total
        { "b:10:50:3@20 c:10:60:2@20",            "1 2 3",       5,    "2:c" },           // each reserved caller to her own worker
        // Call-backs (issue 13), written name:class:place:cb@from-to (their turn, seconds): due only within it.
        { "a:0:10 k:5:50:cb@0-30",                "1",           5,    "1:k" },           // a call-back in its window goes before callers holding
        { "a:0:10 k:5:50:cb@20-30",               "1",           5,    "1:a" },           // not yet its turn: not eligible at all
        { "a:0:10 k:5:50:cb@0-30",                "1",           30,   "1:a" },           // its window has ended
        { "k:5:50:cb@0-30",                       "1",           40,   "none" },
        { "r:10:60 k:5:5:cb@0-30",                "1",           5,    "1:r" },           // a recall after a cut-off still goes first
        { "k:10:50:cb@0-30 r:10:60",              "1",           5,    "1:k" },           // a recalled caller's call-back keeps her class and place
        { "k:5:50:cb@0-30 j:5:40:cb@0-30",        "1",           5,    "1:j" },           // two call-backs: in their order
    };

    [Theory]
    [MemberData(nameof(Queues))]
    public void The_next_worker_takes_the_caller_the_order_gives(string queue, string free, int now, string expected)
    {
        var callers = Parse(queue);
        var workers = free.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();

        var assignment = QueueOrder.Assign(workers, callers, T0.AddSeconds(now));

        Assert.Equal(expected, assignment is { } a ? $"{a.WorkerId}:{a.Caller.CallSid}" : "none");
    }

    [Theory]
    [InlineData("a:0:10 k:5:50:cb@0-30", "1:a")]
    [InlineData("k:5:50:cb@0-30", "none")]
    public void While_the_line_is_closed_no_call_back_is_made_but_callers_on_the_line_are_taken(string queue, string expected)
    {
        var assignment = QueueOrder.Assign([1], Parse(queue), T0.AddSeconds(5), callbacksAllowed: false);

        Assert.Equal(expected, assignment is { } a ? $"{a.WorkerId}:{a.Caller.CallSid}" : "none");
    }

    [Theory]
    [InlineData(QueueOrder.Normal, QueueOrder.CallbackWindowOpen)]
    [InlineData(QueueOrder.RecallAfterCutOff, QueueOrder.RecallAfterCutOff)]
    public void A_call_back_keeps_the_class_of_the_call_that_asked_when_higher(int callerClass, int expected)
    {
        Assert.Equal(expected, QueueOrder.CallbackPriority(callerClass));
    }

    [Theory]
    [InlineData(new string[0], QueueOrder.Normal)]
    [InlineData(new[] { "ne-peut-pas-parler" }, QueueOrder.Normal)]
    [InlineData(new[] { CallTags.Recall }, QueueOrder.RecallAfterCutOff)]
    [InlineData(new[] { "ne-peut-pas-parler", CallTags.Recall }, QueueOrder.RecallAfterCutOff)]
    public void A_call_s_class_comes_from_its_tags(string[] tags, int expected)
    {
        Assert.Equal(expected, QueueOrder.PriorityOf(tags));
    }

    /// <summary>Parses <c>name:class:place[:worker@until]</c> entries.</summary>
    internal static List<WaitingCaller> Parse(string queue) =>
        queue.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(entry =>
        {
            var parts = entry.Split(':');
            var place = T0.AddSeconds(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
            int? worker = null;
            DateTimeOffset? until = null;
            CallbackTurn? turn = null;
            if (parts.Length > 3 && parts[3].StartsWith("cb@", StringComparison.Ordinal))
            {
                var span = parts[3]["cb@".Length..].Split('-');
                turn = new CallbackTurn(T0.AddSeconds(int.Parse(span[0], System.Globalization.CultureInfo.InvariantCulture)), T0.AddSeconds(int.Parse(span[1], System.Globalization.CultureInfo.InvariantCulture)));
            }
            else if (parts.Length > 3)
            {
                var reservation = parts[3].Split('@');
                worker = int.Parse(reservation[0], System.Globalization.CultureInfo.InvariantCulture);
                until = T0.AddSeconds(int.Parse(reservation[1], System.Globalization.CultureInfo.InvariantCulture));
            }

            return new WaitingCaller(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), place, place, worker, until, turn);
        }).ToList();
}
