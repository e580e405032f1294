using Helpline.Data.Calls;
using static Helpline.Data.Tests.TestCalls;

namespace Helpline.Data.Tests;

// The provider's status callback: closing a call once, repeated and unknown callbacks.
public sealed partial class CallStoreTests
{
    [Fact]
    public async Task Completion_closes_the_call_and_logs_a_status_event()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1, outcome: "transferred:3919"), default);

        var result = await _store.CompleteAsync(new CallCompletion(sid, "completed", 42, T0.AddMinutes(1), "{\"CallStatus\": \"completed\"}"), default);

        Assert.Equal(CompletionResult.Closed, result);
        var call = (await _store.GetAsync(sid, default))!;
        Assert.Equal((T0.AddMinutes(1), "completed", 42, "transferred:3919", T0.AddMinutes(1)), (call.EndedAt!.Value, call.ProviderStatus, call.DurationSeconds!.Value, call.Outcome, call.UpdatedAt));
        var status = (await _store.GetEventsAsync(sid, default))[^1];
        Assert.Equal(("status", "completed", "{\"CallStatus\": \"completed\"}", (int?)null), (status.Kind, status.Trigger, status.DetailJson, status.Step));
    }

    [Fact]
    public async Task Repeated_completion_keeps_the_first_duration_and_logs_a_duplicate()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1), default);
        await _store.CompleteAsync(new CallCompletion(sid, "completed", 42, T0.AddMinutes(1), null), default);

        var again = await _store.CompleteAsync(new CallCompletion(sid, "busy", 99, T0.AddMinutes(2), null), default);

        Assert.Equal(CompletionResult.AlreadyClosed, again);
        var call = (await _store.GetAsync(sid, default))!;
        Assert.Equal((42, "completed", T0.AddMinutes(1)), (call.DurationSeconds!.Value, call.ProviderStatus, call.EndedAt!.Value));
        Assert.Equal(["transition", "status", "status-duplicate"], (await _store.GetEventsAsync(sid, default)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Completion_of_a_call_the_flow_never_routed_marks_it_abandoned()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1), default);

        await _store.CompleteAsync(new CallCompletion(sid, "completed", 3, T0.AddSeconds(3), null), default);

        Assert.Equal("abandoned", (await _store.GetAsync(sid, default))!.Outcome);
    }

    [Fact]
    public async Task Completion_while_queued_marks_the_call_abandoned_in_queue()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("file", 1, outcome: "queued"), default);

        await _store.CompleteAsync(new CallCompletion(sid, "completed", 100, T0.AddMinutes(2), null), default);

        Assert.Equal("abandoned-in-queue", (await _store.GetAsync(sid, default))!.Outcome);
    }

    [Fact]
    public async Task Completion_without_a_duration_leaves_it_null()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1), default);

        await _store.CompleteAsync(new CallCompletion(sid, "failed", null, T0.AddSeconds(1), null), default);

        var call = (await _store.GetAsync(sid, default))!;
        Assert.Equal(("failed", (int?)null), (call.ProviderStatus, call.DurationSeconds));
    }

    [Fact]
    public async Task Completion_of_an_unknown_call_is_logged_without_a_call()
    {
        var sid = Sid();

        var result = await _store.CompleteAsync(new CallCompletion(sid, "completed", 1, T0, null), default);

        Assert.Equal(CompletionResult.Unknown, result);
        var logged = Assert.Single(await _store.GetEventsAsync(sid, default));
        Assert.Equal(("status", "completed"), (logged.Kind, logged.Trigger));
        Assert.Null(await _store.GetAsync(sid, default));
    }

    [Fact]
    public async Task Concurrent_completions_close_the_call_once()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1), default);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => _store.CompleteAsync(new CallCompletion(sid, "completed", i, T0.AddMinutes(1), null), default))));

        Assert.Single(results, r => r == CompletionResult.Closed);
        Assert.Equal(9, results.Count(r => r == CompletionResult.AlreadyClosed));
        Assert.Equal(9, (await _store.GetEventsAsync(sid, default)).Count(e => e.Kind == "status-duplicate"));
    }
}
