using Dapper;
using Helpline.Core.Queue;
using Helpline.Data.Routing;

namespace Helpline.Data.Tests;

// What a waiting caller is told: her position only when it improved (stored with her queue entry, so every instance
// applies the rule), and the history a wait estimate is computed from.
public sealed partial class RoutingStoreTests
{
    private const int Every = 60;

    /// <summary>Inputs: first poll, the same position after the interval, an improvement within and after the interval.</summary>
    [Fact]
    public async Task Position_is_announced_the_first_time_then_only_when_lower_and_not_within_the_interval()
    {
        var store = new RoutingStore(db.DataSource);
        await JoinAsync(store, "CA_A", "CA_B", "CA_C");

        Assert.Equal(3, await store.AnnouncePositionAsync("CA_C", T0, Every, default));
        Assert.Null(await store.AnnouncePositionAsync("CA_C", T0.AddSeconds(Every), Every, default)); // still 3

        await store.LeaveQueueAsync("CA_A", QueueEntryStatuses.Abandoned, T0.AddSeconds(70), default);
        Assert.Null(await store.AnnouncePositionAsync("CA_C", T0.AddSeconds(Every - 1), Every, default)); // 2, but too soon
        Assert.Equal(2, await store.AnnouncePositionAsync("CA_C", T0.AddSeconds(Every), Every, default));
        Assert.Null(await store.AnnouncePositionAsync("CA_C", T0.AddSeconds(3 * Every), Every, default)); // 2 again: never
    }

    /// <summary>Inputs: a caller ahead offered to a worker (she moves up), then put back at the front after a missed offer (she moves down).</summary>
    [Fact]
    public async Task Caller_moved_down_by_a_missed_offer_put_back_in_front_hears_no_worse_number()
    {
        var store = new RoutingStore(db.DataSource);
        var (first, _) = await TwoWorkersAsync(store);
        await JoinAsync(store, "CA_A", "CA_B");
        Assert.Equal(1, await store.AnnouncePositionAsync("CA_A", T0, Every, default));
        Assert.Equal(2, await store.AnnouncePositionAsync("CA_B", T0, Every, default));

        await store.SetWorkerStatusAsync(first, "available", T0.AddSeconds(10), default);
        var offer = await store.TryAssignAsync(T0.AddSeconds(10), default);
        Assert.Equal("CA_A", offer!.CallSid);
        Assert.Null(await store.AnnouncePositionAsync("CA_A", T0.AddSeconds(Every), Every, default)); // offered: not waiting
        Assert.Equal(1, await store.AnnouncePositionAsync("CA_B", T0.AddSeconds(Every), Every, default));

        await store.DialOutcomeAsync("CA_A", first, null, DialOutcome.NotTaken, 5, T0.AddSeconds(70), null, T0.AddSeconds(70), default);
        Assert.Null(await store.AnnouncePositionAsync("CA_B", T0.AddSeconds(3 * Every), Every, default)); // back to 2: worse than 1
        Assert.Null(await store.AnnouncePositionAsync("CA_A", T0.AddSeconds(3 * Every), Every, default)); // back to 1: the same
    }

    /// <summary>Inputs: a priority caller put ahead of her (a call-back), then the callers ahead served one by one.</summary>
    [Fact]
    public async Task Caller_overtaken_by_a_priority_caller_hears_her_position_again_only_below_the_last_one()
    {
        var store = new RoutingStore(db.DataSource);
        await JoinAsync(store, "CA_A", "CA_B");
        Assert.Equal(2, await store.AnnouncePositionAsync("CA_B", T0, Every, default));
        await store.JoinQueueAsync("CA_PRIORITY", "q", null, T0.AddSeconds(30), default);
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update queue_entries set priority_at = @early where call_sid = 'CA_PRIORITY'", new { early = T0.AddHours(-1).UtcDateTime });
        }

        Assert.Null(await store.AnnouncePositionAsync("CA_B", T0.AddSeconds(Every), Every, default)); // 3
        await store.LeaveQueueAsync("CA_PRIORITY", QueueEntryStatuses.Abandoned, T0.AddSeconds(90), default);
        Assert.Null(await store.AnnouncePositionAsync("CA_B", T0.AddSeconds(2 * Every), Every, default)); // 2 again
        await store.LeaveQueueAsync("CA_A", QueueEntryStatuses.Abandoned, T0.AddSeconds(150), default);
        Assert.Equal(1, await store.AnnouncePositionAsync("CA_B", T0.AddSeconds(3 * Every), Every, default));
    }

    /// <summary>Inputs: a caller who hung up, one who overflowed, an unknown call.</summary>
    [Fact]
    public async Task Caller_no_longer_waiting_is_told_nothing()
    {
        var store = new RoutingStore(db.DataSource);
        await JoinAsync(store, "CA_GONE", "CA_OVER");
        await store.LeaveQueueAsync("CA_GONE", QueueEntryStatuses.Abandoned, T0, default);
        await store.LeaveQueueAsync("CA_OVER", QueueEntryStatuses.Overflowed, T0, default);

        Assert.Null(await store.AnnouncePositionAsync("CA_GONE", T0, Every, default));
        Assert.Null(await store.AnnouncePositionAsync("CA_OVER", T0, Every, default));
        Assert.Null(await store.AnnouncePositionAsync("CA_UNKNOWN", T0, Every, default));
    }

    /// <summary>Inputs: eight polls of one caller at once (instances answering the same caller together).</summary>
    [Fact]
    public async Task Polls_of_one_caller_at_once_announce_her_position_once()
    {
        var store = new RoutingStore(db.DataSource);
        await JoinAsync(store, "CA_A", "CA_B");

        var announced = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.AnnouncePositionAsync("CA_B", T0, Every, default))));

        Assert.Equal([2], announced.Where(p => p is not null).Select(p => p!.Value));
    }

    /// <summary>
    /// Inputs: an answered call whose after-call form ended the wrap-up early, one whose form came after the wrap-up
    /// time, one without a form, one whose offer time is unknown (the sweep's lost outcome), one older than the window, an
    /// abandoned and an overflowed call.
    /// </summary>
    [Fact]
    public async Task Recent_handled_calls_count_the_ring_the_conversation_and_the_wrap_up_within_the_window()
    {
        var store = new RoutingStore(db.DataSource);
        var (first, _) = await TwoWorkersAsync(store);
        var now = T0.AddHours(8);
        await AnsweredAsync("CA_FORM", now.AddMinutes(-30), ring: 10, talk: 600, first, formAfter: 20);
        await AnsweredAsync("CA_LATE_FORM", now.AddMinutes(-20), ring: 10, talk: 300, first, formAfter: 500);
        await AnsweredAsync("CA_NO_FORM", now.AddMinutes(-10), ring: 5, talk: 900, first, formAfter: null);
        await AnsweredAsync("CA_STALE", now.AddDays(-8), ring: 5, talk: 900, first, formAfter: null);
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "insert into queue_entries (call_sid, queue_name, status, joined_at, priority_at, answered_at, ended_at) values ('CA_LOST', 'q', 'answered', @joined, @joined, @answered, @ended); " +
                "insert into queue_entries (call_sid, queue_name, status, joined_at, priority_at, ended_at) values ('CA_ABANDONED', 'q', 'abandoned', @joined, @joined, @ended), ('CA_OVERFLOWED', 'q', 'overflowed', @joined, @joined, @ended)",
                new { joined = now.AddMinutes(-9).UtcDateTime, answered = now.AddMinutes(-8).UtcDateTime, ended = now.AddMinutes(-5).UtcDateTime });
        }

        var calls = await store.RecentHandledCallsAsync(now, 60, default);

        Assert.Equal(
            [
                (now.AddMinutes(-5).AddSeconds(60), 180.0 + 60), // no offer time: from the answer
                (now.AddMinutes(-10).AddSeconds(60), 5.0 + 900 + 60),
                (now.AddMinutes(-20).AddSeconds(60), 10.0 + 300 + 60),
                (now.AddMinutes(-30).AddSeconds(20), 10.0 + 600 + 20),
            ],
            calls.Select(c => (c.EndedAt, Math.Round(c.Seconds, 3))));
    }

    /// <summary>Inputs: 130 answered calls in the window; the estimate reads the most recent <see cref="WaitEstimate.MaximumHistory"/>.</summary>
    [Fact]
    public async Task Recent_handled_calls_are_the_most_recent_hundred()
    {
        var store = new RoutingStore(db.DataSource);
        var now = T0.AddDays(1);
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "insert into queue_entries (call_sid, queue_name, status, joined_at, priority_at, offered_at, answered_at, ended_at) " +
                "select 'CA_' || g, 'q', 'answered', @now - g * interval '1 minute', @now - g * interval '1 minute', @now - g * interval '1 minute', " +
                "@now - g * interval '1 minute', @now - g * interval '1 minute' + interval '10 seconds' from generate_series(1, 130) g",
                new { now = now.UtcDateTime });
        }

        var calls = await store.RecentHandledCallsAsync(now, 0, default);

        Assert.Equal(WaitEstimate.MaximumHistory, calls.Count);
        Assert.Equal(now.AddMinutes(-1).AddSeconds(10), calls[0].EndedAt);
        Assert.Equal(now.AddMinutes(-100).AddSeconds(10), calls[^1].EndedAt);
    }

    private static async Task JoinAsync(RoutingStore store, params string[] callSids)
    {
        for (var i = 0; i < callSids.Length; i++)
        {
            await store.JoinQueueAsync(callSids[i], "q", null, T0.AddSeconds(i), default);
        }
    }

    private async Task AnsweredAsync(string callSid, DateTimeOffset endedAt, int ring, int talk, int workerId, int? formAfter)
    {
        var answered = endedAt.AddSeconds(-talk);
        var offered = answered.AddSeconds(-ring);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "insert into queue_entries (call_sid, queue_name, status, joined_at, priority_at, worker_id, offered_at, answered_at, ended_at) " +
            "values (@callSid, 'q', 'answered', @joined, @joined, @workerId, @offered, @answered, @ended)",
            new { callSid, workerId, joined = offered.AddMinutes(-2).UtcDateTime, offered = offered.UtcDateTime, answered = answered.UtcDateTime, ended = endedAt.UtcDateTime });
        if (formAfter is { } seconds)
        {
            await connection.ExecuteAsync("insert into wrap_ups (call_sid, worker_id, category, at) values (@callSid, @workerId, 'info', @at)",
                new { callSid, workerId, at = endedAt.AddSeconds(seconds).UtcDateTime });
        }
    }
}
