using Dapper;
using Helpline.Data.Routing;

namespace Helpline.Data.Tests;

// Workers' own choices during a call, autopause, who can come, and the seeding of configured workers.
public sealed partial class RoutingStoreTests
{
    [Fact]
    public async Task Pause_chosen_during_a_call_is_kept_and_takes_effect_when_the_wrap_up_ends()
    {
        var store = new RoutingStore(db.DataSource);
        var (first, _) = await TwoWorkersAsync(store);
        await store.SetWorkerStatusAsync(first, "available", T0, default);
        await store.JoinQueueAsync("CA_1", "q", null, T0, default);
        await store.JoinQueueAsync("CA_2", "q", null, T0.AddSeconds(1), default);
        await store.TryAssignAsync(T0.AddSeconds(5), default);
        await store.WorkerPickedUpAsync("CA_1", first, null, T0.AddSeconds(8), default);

        Assert.Equal(WorkerStatusChange.Pending, await store.SetWorkerStatusAsync(first, "pause", T0.AddSeconds(60), default));
        Assert.Equal(("on-call", "pause"), Status(await store.ListWorkersAsync(default), first));
        Assert.Equal(T0.AddSeconds(60), await store.NobodyCanComeSinceAsync(default)); // Bea offline, Alice due to pause: nobody can come

        await store.DialOutcomeAsync("CA_1", first, null, DialOutcome.Bridged, 2, T0.AddSeconds(400), 300, T0.AddSeconds(340), default);
        Assert.Equal(("wrap-up", "pause"), Status(await store.ListWorkersAsync(default), first));
        await store.SweepAsync(T0.AddSeconds(400), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(60), default);

        Assert.Equal(("pause", (string?)null), Status(await store.ListWorkersAsync(default), first));
        Assert.Null(await store.TryAssignAsync(T0.AddSeconds(401), default)); // CA_2 is not offered to her
    }

    [Fact]
    public async Task Available_chosen_during_a_call_cancels_a_pending_pause()
    {
        var store = new RoutingStore(db.DataSource);
        var (first, _) = await TwoWorkersAsync(store);
        await store.SetWorkerStatusAsync(first, "available", T0, default);
        await store.JoinQueueAsync("CA_1", "q", null, T0, default);
        await store.TryAssignAsync(T0.AddSeconds(5), default);
        await store.SetWorkerStatusAsync(first, "offline", T0.AddSeconds(6), default);

        Assert.Equal(WorkerStatusChange.Pending, await store.SetWorkerStatusAsync(first, "available", T0.AddSeconds(7), default));
        await store.DialOutcomeAsync("CA_1", first, null, DialOutcome.CallerGone, 2, T0, null, T0.AddSeconds(9), default);

        Assert.Equal(("available", (string?)null), Status(await store.ListWorkersAsync(default), first));
    }

    [Fact]
    public async Task Autopause_is_recorded_as_such_and_a_worker_s_own_choice_clears_it()
    {
        var store = new RoutingStore(db.DataSource);
        var (first, _) = await TwoWorkersAsync(store);
        await store.SetWorkerStatusAsync(first, "available", T0, default);
        await store.JoinQueueAsync("CA_1", "q", null, T0, default);
        for (var miss = 1; miss <= 2; miss++)
        {
            await store.TryAssignAsync(T0.AddSeconds(10 * miss), default);
            await store.DialOutcomeAsync("CA_1", first, null, DialOutcome.NotTaken, 2, T0, null, T0.AddSeconds(10 * miss + 5), default);
        }

        var paused = (await store.ListWorkersAsync(default)).Single(w => w.Id == first);
        Assert.Equal(("pause", true, 2), (paused.Status, paused.AutoPaused, paused.MissedInARow));

        await store.SetWorkerStatusAsync(first, "pause", T0.AddMinutes(5), default);
        Assert.False((await store.ListWorkersAsync(default)).Single(w => w.Id == first).AutoPaused);
    }

    [Fact]
    public async Task Worker_who_chose_offline_during_the_offer_is_not_autopaused_by_the_miss()
    {
        var store = new RoutingStore(db.DataSource);
        var (first, _) = await TwoWorkersAsync(store);
        await store.SetWorkerStatusAsync(first, "available", T0, default);
        await store.JoinQueueAsync("CA_1", "q", null, T0, default);
        await store.TryAssignAsync(T0.AddSeconds(10), default);
        await store.SetWorkerStatusAsync(first, "offline", T0.AddSeconds(12), default);

        await store.DialOutcomeAsync("CA_1", first, null, DialOutcome.NotTaken, 1, T0, null, T0.AddSeconds(30), default);

        var worker = (await store.ListWorkersAsync(default)).Single(w => w.Id == first);
        Assert.Equal(("offline", false, (string?)null), (worker.Status, worker.AutoPaused, worker.PendingStatus));
    }

    [Theory]
    [InlineData("available", null)]
    [InlineData("ringing", null)]
    [InlineData("on-call", null)]
    [InlineData("wrap-up", null)]
    [InlineData("on-call", "pause")]
    [InlineData("wrap-up", "offline")]
    [InlineData("pause", null)]
    [InlineData("offline", null)]
    public async Task Nobody_can_come_unless_a_worker_is_available_ringing_on_a_call_or_in_wrap_up_and_stays(string status, string? pending)
    {
        var store = new RoutingStore(db.DataSource);
        var (first, second) = await TwoWorkersAsync(store);
        await store.SetWorkerStatusAsync(second, "pause", T0, default);
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update workers set status = @status, pending_status = @pending, status_since = @at, current_call_sid = 'CA' where id = @first",
                new { status, pending, at = T0.AddMinutes(1).UtcDateTime, first });
        }

        var since = await store.NobodyCanComeSinceAsync(default);
        var coming = await store.WorkersComingAsync(default);

        var canCome = pending is null && status is "available" or "ringing" or "on-call" or "wrap-up";
        Assert.Equal(canCome ? null : T0.AddMinutes(1), since);
        Assert.Equal(new WorkersComing(canCome ? 1 : 0, since), coming); // the count a wait estimate divides by: paused and offline do not count
    }

    [Fact]
    public async Task Configured_workers_are_created_once_in_order_however_many_seed_together()
    {
        var store = new RoutingStore(db.DataSource);
        (string, string)[] configured = [("W1", "+33610000001"), ("W2", "+33610000002"), ("W3", "+33610000003"), ("W4", "+33610000004")];
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("alter table workers alter column id restart with 1");
        }

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => store.SeedWorkersAsync(configured, T0, default))));
        await store.SeedWorkersAsync(configured, T0, default); // a later start

        Assert.Equal([(1, "W1"), (2, "W2"), (3, "W3"), (4, "W4")], (await store.ListWorkersAsync(default)).Select(w => (w.Id, w.Name)));
    }

    private static (string Status, string? Pending) Status(IReadOnlyList<WorkerRecord> workers, int id) =>
        workers.Single(w => w.Id == id) is var w ? (w.Status, w.PendingStatus) : default;
}
