using Dapper;
using Helpline.Data.Routing;

namespace Helpline.Data.Tests;

/// <summary>Who gets the next caller, and in which order callers are served.</summary>
public sealed partial class RoutingStoreTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(1));

    public async Task InitializeAsync()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("truncate queue_entries, wrap_ups; delete from workers; delete from calls");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Longest_waiting_caller_goes_to_the_longest_idle_worker()
    {
        var store = new RoutingStore(db.DataSource);
        var (first, second) = await TwoWorkersAsync(store);
        await store.SetWorkerStatusAsync(second, "available", T0, default);
        await store.SetWorkerStatusAsync(first, "available", T0.AddMinutes(1), default);
        await store.JoinQueueAsync("CA_LATE", "q", null, T0.AddMinutes(3), default);
        await store.JoinQueueAsync("CA_EARLY", "q", "4", T0.AddMinutes(2), default);

        var assignment = await store.TryAssignAsync(T0.AddMinutes(4), default);

        Assert.Equal(("CA_EARLY", second, "4", 120), (assignment!.CallSid, assignment.WorkerId, assignment.MenuChoice, assignment.WaitedSeconds));
    }

    [Fact]
    public async Task Fewest_calls_policy_prefers_the_worker_who_answered_least()
    {
        var store = new RoutingStore(db.DataSource, new FewestCallsPolicy());
        var (first, second) = await TwoWorkersAsync(store);
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update workers set calls_answered = 5 where id = @second", new { second });
        }

        await store.SetWorkerStatusAsync(second, "available", T0, default);
        await store.SetWorkerStatusAsync(first, "available", T0.AddMinutes(1), default);
        await store.JoinQueueAsync("CA_ONE", "q", null, T0.AddMinutes(2), default);

        Assert.Equal(first, (await store.TryAssignAsync(T0.AddMinutes(3), default))!.WorkerId);
    }

    [Fact]
    public async Task Missed_caller_is_served_before_a_caller_who_came_later()
    {
        var store = new RoutingStore(db.DataSource);
        var (first, _) = await TwoWorkersAsync(store);
        await store.SetWorkerStatusAsync(first, "available", T0, default);
        await store.JoinQueueAsync("CA_A", "q", null, T0.AddMinutes(1), default);
        var offer = await store.TryAssignAsync(T0.AddMinutes(2), default);
        await store.JoinQueueAsync("CA_B", "q", null, T0.AddMinutes(3), default);

        await store.DialOutcomeAsync(offer!.CallSid, first, null, DialOutcome.NotTaken, 5, T0.AddMinutes(4), null, T0.AddMinutes(4), default);

        Assert.Equal(["CA_A", "CA_B"], (await store.QueueAsync(T0.AddMinutes(5), default)).Select(c => c.CallSid));
        Assert.Equal(1, await store.PositionAsync("CA_A", default));
    }

    [Fact]
    public async Task No_assignment_without_an_available_worker_or_a_waiting_caller()
    {
        var store = new RoutingStore(db.DataSource);
        var (first, _) = await TwoWorkersAsync(store);
        await store.JoinQueueAsync("CA_X", "q", null, T0, default);

        Assert.Null(await store.TryAssignAsync(T0, default));
        await store.SetWorkerStatusAsync(first, "pause", T0, default);
        Assert.Null(await store.TryAssignAsync(T0, default));
        Assert.Equal(T0, await store.NobodyCanComeSinceAsync(default)); // one worker on pause, one offline: nobody can come
    }

    private static async Task<(int First, int Second)> TwoWorkersAsync(RoutingStore store)
    {
        await store.SeedWorkersAsync([("Alice", "+33611111111"), ("Bea", "+33622222222")], T0, default);
        var workers = await store.ListWorkersAsync(default);
        return (workers[0].Id, workers[1].Id);
    }
}
