using Helpline.Data.Calls;

namespace Helpline.Data.Tests;

/// <summary>The webhook hot path against a real PostgreSQL: creation, retries, serialised advances, completion.</summary>
public sealed class CallStoreTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, 123, 456, TimeSpan.FromHours(1));
    private readonly CallStore _store = new(db.DataSource);

    [Fact]
    public async Task Start_creates_the_call_and_its_events()
    {
        var sid = Sid();

        var result = await _store.StartAsync(NewCall(sid), Advance("accueil", 1, "<Response/>", 2), default);

        Assert.True(result.Created);
        var call = await _store.GetAsync(sid, default);
        Assert.Equal(("accueil", 1, "<Response/>", T0), (call!.State, call.Step, call.LastTwiml, call.StartedAt));
        Assert.Equal(2, (await _store.GetEventsAsync(sid, default)).Count);
    }

    [Fact]
    public async Task Repeated_start_returns_the_existing_call_and_adds_no_events()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Advance("accueil", 1, "<first/>", 2), default);

        var again = await _store.StartAsync(NewCall(sid), Advance("autre", 1, "<second/>", 2), default);

        Assert.False(again.Created);
        Assert.Equal("<first/>", again.Existing!.LastTwiml);
        Assert.Equal(2, (await _store.GetEventsAsync(sid, default)).Count);
    }

    [Fact]
    public async Task Advance_with_the_current_step_applies_and_a_stale_one_does_not()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Advance("accueil", 1, "<a/>", 1), default);

        var applied = await _store.AdvanceAsync(sid, 1, Advance("danger", 2, "<b/>", 2) with { Outcome = "transferring:police" }, default);
        var stale = await _store.AdvanceAsync(sid, 1, Advance("hebergement", 2, "<c/>", 2), default);

        Assert.True(applied.Applied);
        Assert.False(stale.Applied);
        Assert.Equal(("danger", 2, "<b/>", "transferring:police"), (stale.Current!.State, stale.Current.Step, stale.Current.LastTwiml, stale.Current.Outcome));
        Assert.Equal(3, (await _store.GetEventsAsync(sid, default)).Count);
    }

    [Fact]
    public async Task Concurrent_advances_from_one_step_apply_exactly_once()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Advance("accueil", 1, "<a/>", 1), default);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _store.AdvanceAsync(sid, 1, Advance($"s{i}", 2, $"<r{i}/>", 1), default)));

        Assert.Single(results, r => r.Applied);
        Assert.Equal(2, (await _store.GetEventsAsync(sid, default)).Count);
    }

    [Fact]
    public async Task Advance_of_an_unknown_call_applies_nothing()
    {
        var result = await _store.AdvanceAsync(Sid(), 1, Advance("x", 2, "<a/>", 1), default);

        Assert.False(result.Applied);
        Assert.Null(result.Current);
    }

    [Fact]
    public async Task Outcome_is_kept_when_a_step_does_not_decide_one()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Advance("file", 1, "<a/>", 1) with { Outcome = "queued" }, default);

        await _store.AdvanceAsync(sid, 1, Advance("file", 2, "<b/>", 1), default);

        Assert.Equal("queued", (await _store.GetAsync(sid, default))!.Outcome);
    }

    [Fact]
    public async Task Completion_closes_once_and_a_repeat_only_logs()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Advance("accueil", 1, "<a/>", 1), default);

        var first = await _store.CompleteAsync(new CallCompletion(sid, "completed", 42, T0.AddMinutes(1), "{\"CallStatus\":\"completed\"}"), default);
        var second = await _store.CompleteAsync(new CallCompletion(sid, "completed", 99, T0.AddMinutes(2), null), default);

        Assert.Equal((CompletionResult.Closed, CompletionResult.AlreadyClosed), (first, second));
        var call = await _store.GetAsync(sid, default);
        Assert.Equal((42, "completed", "abandoned", T0.AddMinutes(1)), (call!.DurationSeconds, call.ProviderStatus, call.Outcome, call.EndedAt));
        Assert.Equal(["status", "status-duplicate"], (await _store.GetEventsAsync(sid, default)).Where(e => e.Kind.StartsWith("status", StringComparison.Ordinal)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Caller_hanging_up_in_the_queue_is_abandoned_in_queue()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Advance("file", 1, "<a/>", 1) with { Outcome = "queued" }, default);

        await _store.CompleteAsync(new CallCompletion(sid, "completed", 100, T0.AddMinutes(2), null), default);

        Assert.Equal("abandoned-in-queue", (await _store.GetAsync(sid, default))!.Outcome);
    }

    [Fact]
    public async Task Completion_of_an_unknown_call_is_logged_without_a_call()
    {
        var sid = Sid();

        var result = await _store.CompleteAsync(new CallCompletion(sid, "completed", 1, T0, null), default);

        Assert.Equal(CompletionResult.Unknown, result);
        Assert.Single(await _store.GetEventsAsync(sid, default));
    }

    [Fact]
    public async Task Timestamps_round_trip_to_the_microsecond()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Advance("accueil", 1, "<a/>", 1), default);
        await _store.AppendEventAsync(sid, new CallEventRecord("status", null, null, "ringing", null), T0.AddTicks(10), default);

        var events = await _store.GetEventsAsync(sid, default);

        Assert.Equal(T0, events[0].At);
        Assert.Equal(T0.AddTicks(10), events[^1].At);
    }

    private static string Sid() => "CA" + Guid.NewGuid().ToString("N");

    private static NewCall NewCall(string sid) => new(sid, "AC1", "hash", null, "+33320000000", "flow", "abc", T0);

    private static CallAdvance Advance(string state, int step, string twiml, int events) =>
        new(state, step, 0, null, twiml, T0, Enumerable.Range(0, events).Select(i => new CallEventRecord("transition", "a", state, $"t{i}", i == 0 ? "{\"detail\":\"x\"}" : null)).ToList());
}
