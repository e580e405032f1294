using Dapper;
using Helpline.Data.Calls;
using Helpline.Data.Routing;

namespace Helpline.Data.Tests;

// An offer's outcome, whatever order the provider's webhooks arrive in: the worker's dial outcome alone answers a
// caller; a caller gone before the bridge is never the worker's miss and never offered again.
public sealed partial class RoutingStoreTests
{
    [Fact]
    public async Task Dial_outcome_with_the_caller_gone_abandons_the_entry_and_charges_the_worker_no_miss()
    {
        var store = new RoutingStore(db.DataSource);
        var (first, _) = await TwoWorkersAsync(store);
        await store.SetWorkerStatusAsync(first, "available", T0, default);
        await store.JoinQueueAsync("CA_GONE", "q", "4", T0.AddSeconds(10), default);
        await store.TryAssignAsync(T0.AddSeconds(20), default);

        var result = await store.DialOutcomeAsync("CA_GONE", first, null, DialOutcome.CallerGone, 1, T0.AddMinutes(1), null, T0.AddSeconds(25), default);

        Assert.Equal(OfferResult.Abandoned, result);
        var worker = (await store.ListWorkersAsync(default)).Single(w => w.Id == first);
        Assert.Equal(("available", 0, false), (worker.Status, worker.MissedInARow, worker.AutoPaused)); // autopause after 1 miss would have paused her
        Assert.Equal(("abandoned", 15), await EntryAsync("CA_GONE"));
        Assert.Null(await store.TryAssignAsync(T0.AddSeconds(30), default)); // never offered again
    }

    [Fact]
    public async Task Whisper_alone_does_not_answer_the_caller_the_bridged_dial_outcome_does()
    {
        var store = new RoutingStore(db.DataSource);
        var (first, _) = await TwoWorkersAsync(store);
        await store.SetWorkerStatusAsync(first, "available", T0, default);
        await store.JoinQueueAsync("CA_TALK", "q", null, T0, default);
        await store.TryAssignAsync(T0.AddSeconds(30), default);

        Assert.True(await store.WorkerPickedUpAsync("CA_TALK", first, null, T0.AddSeconds(40), default));
        Assert.Equal(("picked-up", (int?)null), await EntryAsync("CA_TALK"));
        Assert.Equal("on-call", (await store.ListWorkersAsync(default)).Single(w => w.Id == first).Status);

        var result = await store.DialOutcomeAsync("CA_TALK", first, null, DialOutcome.Bridged, 2, T0.AddMinutes(10), 500, T0.AddSeconds(540), default);

        Assert.Equal(OfferResult.Answered, result);
        Assert.Equal(("answered", 40), await EntryAsync("CA_TALK")); // waited until the worker picked up
        var worker = (await store.ListWorkersAsync(default)).Single(w => w.Id == first);
        Assert.Equal(("wrap-up", 1), (worker.Status, worker.CallsAnswered));
        Assert.Equal(OfferResult.Answered, await store.DialOutcomeAsync("CA_TALK", first, null, DialOutcome.Bridged, 2, T0.AddMinutes(10), 500, T0.AddSeconds(541), default)); // repeated: same answer, no second count
        Assert.Equal(1, (await store.ListWorkersAsync(default)).Single(w => w.Id == first).CallsAnswered);
    }

    [Fact]
    public async Task Caller_end_while_the_worker_hears_the_whisper_leaves_the_decision_to_the_dial_outcome()
    {
        var store = new RoutingStore(db.DataSource);
        var calls = new CallStore(db.DataSource);
        var (first, _) = await TwoWorkersAsync(store);
        await store.SetWorkerStatusAsync(first, "available", T0, default);
        await calls.StartAsync(TestCalls.NewCall("CA_WHISPER", T0), TestCalls.Step("file", 1, outcome: "queued", at: T0) with { Join = new QueueJoin("q", "4") }, default);
        await store.TryAssignAsync(T0.AddSeconds(30), default);
        await store.WorkerPickedUpAsync("CA_WHISPER", first, null, T0.AddSeconds(35), default);

        await calls.CompleteAsync(new CallCompletion("CA_WHISPER", "completed", 37, T0.AddSeconds(37), null), default);

        Assert.Equal(("picked-up", (int?)null), await EntryAsync("CA_WHISPER"));
        Assert.Equal(OfferResult.Abandoned, await store.DialOutcomeAsync("CA_WHISPER", first, null, DialOutcome.CallerGone, 2, T0.AddMinutes(5), 2, T0.AddSeconds(38), default));
        Assert.Equal("abandoned", (await EntryAsync("CA_WHISPER")).Status);
        var worker = (await store.ListWorkersAsync(default)).Single(w => w.Id == first);
        Assert.Equal(("available", 0, 0), (worker.Status, worker.CallsAnswered, worker.MissedInARow)); // no wrap-up, no form, no miss
    }

    [Fact]
    public async Task Caller_end_while_the_worker_s_phone_rings_frees_the_worker_at_once_in_the_same_statement()
    {
        var store = new RoutingStore(db.DataSource);
        var calls = new CallStore(db.DataSource);
        var (first, _) = await TwoWorkersAsync(store);
        await store.SetWorkerStatusAsync(first, "available", T0, default);
        await calls.StartAsync(TestCalls.NewCall("CA_RING", T0), TestCalls.Step("file", 1, outcome: "queued", at: T0) with { Join = new QueueJoin("q", "4") }, default);
        await store.TryAssignAsync(T0.AddSeconds(30), default);

        await calls.CompleteAsync(new CallCompletion("CA_RING", "completed", 33, T0.AddSeconds(33), null), default);

        Assert.Equal(("abandoned", 33), await EntryAsync("CA_RING"));
        Assert.Equal("abandoned-in-queue", (await calls.GetAsync("CA_RING", default))!.Outcome);
        Assert.Equal(("available", 0), (await store.ListWorkersAsync(default)).Single(w => w.Id == first) is var w ? (w.Status, w.MissedInARow) : default);
        Assert.Equal(OfferResult.NotCurrent, await store.DialOutcomeAsync("CA_RING", first, null, DialOutcome.NotTaken, 1, T0, null, T0.AddSeconds(34), default)); // the late no-answer is no miss
        Assert.Equal(0, (await store.ListWorkersAsync(default)).Single(w => w.Id == first).MissedInARow);
    }

    [Fact]
    public async Task Lost_dial_outcome_of_a_picked_up_call_is_settled_by_the_sweep_from_how_long_the_caller_stayed()
    {
        var store = new RoutingStore(db.DataSource);
        var calls = new CallStore(db.DataSource);
        var (first, second) = await TwoWorkersAsync(store);
        await store.SetWorkerStatusAsync(first, "available", T0, default);
        await store.SetWorkerStatusAsync(second, "available", T0.AddSeconds(1), default);
        foreach (var sid in new[] { "CA_LONG", "CA_SHORT" })
        {
            await calls.StartAsync(TestCalls.NewCall(sid, T0), TestCalls.Step("file", 1, outcome: "queued", at: T0) with { Join = new QueueJoin("q", null) }, default);
        }

        var a = await store.TryAssignAsync(T0.AddSeconds(10), default);
        var b = await store.TryAssignAsync(T0.AddSeconds(10), default);
        await store.WorkerPickedUpAsync(a!.CallSid, a.WorkerId, null, T0.AddSeconds(15), default);
        await store.WorkerPickedUpAsync(b!.CallSid, b.WorkerId, null, T0.AddSeconds(15), default);
        await calls.CompleteAsync(new CallCompletion(a.CallSid, "completed", 600, T0.AddSeconds(615), null), default); // talked ten minutes
        await calls.CompleteAsync(new CallCompletion(b.CallSid, "completed", 18, T0.AddSeconds(18), null), default);   // gone during the whisper

        await store.SweepAsync(T0.AddSeconds(615 + 91), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(60), default);

        Assert.Equal("answered", (await EntryAsync(a.CallSid)).Status);
        Assert.Equal("answered", (await calls.GetAsync(a.CallSid, default))!.Outcome);
        Assert.Equal("abandoned", (await EntryAsync(b.CallSid)).Status);
        Assert.Equal("abandoned-in-queue", (await calls.GetAsync(b.CallSid, default))!.Outcome);
        var workers = await store.ListWorkersAsync(default);
        Assert.Equal("available", workers.Single(w => w.Id == b.WorkerId).Status);
        Assert.Equal(1, workers.Single(w => w.Id == a.WorkerId).CallsAnswered);
    }

    private async Task<(string Status, int? Wait)> EntryAsync(string sid)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(string, int?)>("select status, wait_seconds from queue_entries where call_sid = @sid", new { sid });
    }
}
