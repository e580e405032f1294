using Helpline.Data.Calls;
using static Helpline.Data.Tests.TestCalls;

namespace Helpline.Data.Tests;

/// <summary>The webhook hot path against a real PostgreSQL: creation, provider retries, serialised advances.</summary>
public sealed partial class CallStoreTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private readonly CallStore _store = new(db.DataSource);

    [Fact]
    public async Task Start_creates_the_call_row_with_its_first_step()
    {
        var sid = Sid();

        var result = await _store.StartAsync(NewCall(sid), Step("accueil", 1) with { MenuReplays = 1, Outcome = "menu" }, default);

        Assert.Equal((true, (CallSnapshot?)null), (result.Created, result.Existing));
        var call = (await _store.GetAsync(sid, default))!;
        Assert.Equal(
            (sid, "un-premier-pas", "hash-v1", "accueil", 1, 1, "menu", "<Response><Say>accueil</Say></Response>"),
            (call.CallSid, call.FlowName, call.FlowHash, call.State, call.StepNumber, call.MenuReplays, call.Outcome, call.LastTwiml));
        Assert.Equal((T0, T0.AddSeconds(1), (DateTimeOffset?)null), (call.StartedAt, call.UpdatedAt, call.EndedAt));
        Assert.Equal(("caller-hash", (string?)null), (call.CallerHash, call.CallerNumber));
    }

    [Fact]
    public async Task Tags_only_add_up_in_the_order_given_and_each_is_kept_once()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1) with { Tags = ["a"] }, default);

        await _store.AdvanceAsync(sid, 1, Step("file", 2) with { Tags = ["b", "a"] }, default);
        await _store.AdvanceAsync(sid, 2, Step("fin", 3), default); // a step that sets none keeps them
        var repeated = await _store.AdvanceAsync(sid, 1, Step("file", 2) with { Tags = ["c"] }, default); // a stale retry changes nothing

        Assert.False(repeated.Applied);
        Assert.Equal(["a", "b"], (await _store.GetAsync(sid, default))!.Tags);
    }

    [Fact]
    public async Task Start_appends_the_first_events_in_order_with_their_step_and_detail()
    {
        var sid = Sid();

        await _store.StartAsync(NewCall(sid), Step("accueil", 1, events: 3), default);

        var events = await _store.GetEventsAsync(sid, default);
        Assert.Equal(["t0", "t1", "t2"], events.Select(e => e.Trigger));
        Assert.All(events, e => Assert.Equal(("transition", 1, "avant", "accueil", T0.AddSeconds(1)), (e.Kind, e.Step!.Value, e.FromState, e.ToState, e.At)));
        Assert.Equal("{\"digits\": \"1\"}", events[0].DetailJson);
        Assert.Null(events[1].DetailJson);
    }

    [Fact]
    public async Task Repeated_start_returns_the_existing_call_and_appends_no_events()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1, events: 2), default);

        var again = await _store.StartAsync(NewCall(sid), Step("autre", 1, events: 2), default);

        Assert.False(again.Created);
        Assert.Equal(("accueil", "<Response><Say>accueil</Say></Response>"), (again.Existing!.State, again.Existing.LastTwiml));
        Assert.Equal(2, (await _store.GetEventsAsync(sid, default)).Count);
    }

    [Fact]
    public async Task Concurrent_starts_of_one_call_create_it_once()
    {
        var sid = Sid();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => _store.StartAsync(NewCall(sid), Step("accueil", 1), default))));

        Assert.Single(results, r => r.Created);
        Assert.All(results.Where(r => !r.Created), r => Assert.Equal("accueil", r.Existing!.State));
        Assert.Single(await _store.GetEventsAsync(sid, default));
    }

    [Fact]
    public async Task Advance_from_the_current_step_moves_the_call_and_appends_its_events()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1), default);

        var result = await _store.AdvanceAsync(sid, 1, Step("danger", 2, events: 2, outcome: "transferring:17") with { MenuReplays = 2 }, default);

        Assert.Equal(new AdvanceResult(true, null), result);
        var call = (await _store.GetAsync(sid, default))!;
        Assert.Equal(("danger", 2, 2, "transferring:17", T0.AddSeconds(2)), (call.State, call.StepNumber, call.MenuReplays, call.Outcome, call.UpdatedAt));
        Assert.Equal([1, 2, 2], (await _store.GetEventsAsync(sid, default)).Select(e => e.Step!.Value));
    }

    [Fact]
    public async Task Advance_from_a_stale_step_changes_nothing_and_returns_the_call_as_it_stands()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1), default);
        await _store.AdvanceAsync(sid, 1, Step("danger", 2), default);

        var stale = await _store.AdvanceAsync(sid, 1, Step("hebergement", 2, events: 3), default);

        Assert.False(stale.Applied);
        Assert.Equal(("danger", 2, "<Response><Say>danger</Say></Response>"), (stale.Current!.State, stale.Current.StepNumber, stale.Current.LastTwiml));
        Assert.Equal(2, (await _store.GetEventsAsync(sid, default)).Count);
    }

    [Fact]
    public async Task Advance_from_ahead_of_the_row_catches_up_a_lost_step()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1), default);
        // Step 1 -> 2 was answered while the database was unreachable: the row still says step 1.

        var caughtUp = await _store.AdvanceAsync(sid, 2, Step("echec-17", 3), default);

        Assert.True(caughtUp.Applied);
        var call = (await _store.GetAsync(sid, default))!;
        Assert.Equal(("echec-17", 3), (call.State, call.StepNumber));
        var late = await _store.AdvanceAsync(sid, 2, Step("autre", 3), default);
        Assert.False(late.Applied);
        Assert.Equal("echec-17", late.Current!.State);
    }

    [Fact]
    public async Task Concurrent_advances_from_one_step_apply_exactly_once()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1), default);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => _store.AdvanceAsync(sid, 1, Step($"etat{i}", 2, events: 2), default))));

        Assert.Single(results, r => r.Applied);
        var winner = (await _store.GetAsync(sid, default))!;
        Assert.All(results.Where(r => !r.Applied), r => Assert.Equal((winner.State, 2), (r.Current!.State, r.Current.StepNumber)));
        var events = await _store.GetEventsAsync(sid, default);
        Assert.Equal(3, events.Count);
        Assert.Equal([winner.State, winner.State], events.Skip(1).Select(e => e.ToState));
    }

    [Fact]
    public async Task Advance_without_an_outcome_keeps_the_stored_one()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("file", 1, outcome: "queued"), default);

        await _store.AdvanceAsync(sid, 1, Step("file", 2), default);

        Assert.Equal("queued", (await _store.GetAsync(sid, default))!.Outcome);
    }

    [Fact]
    public async Task Advance_with_no_events_still_moves_the_call()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1), default);

        var result = await _store.AdvanceAsync(sid, 1, Step("accueil", 2, events: 0), default);

        Assert.True(result.Applied);
        Assert.Single(await _store.GetEventsAsync(sid, default));
    }

    [Fact]
    public async Task Advance_of_an_unknown_call_applies_nothing_and_returns_no_call()
    {
        var sid = Sid();

        var result = await _store.AdvanceAsync(sid, 1, Step("accueil", 2), default);

        Assert.Equal(new AdvanceResult(false, null), result);
        Assert.Empty(await _store.GetEventsAsync(sid, default));
    }

    [Fact]
    public async Task Late_report_of_an_ended_call_is_recorded_and_keeps_the_end()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("file", 1), default);
        await _store.CompleteAsync(new CallCompletion(sid, "completed", 12, T0.AddMinutes(1), null), default);

        // A worker's or a transfer's dial outcome reports what happened while the call was live: it still applies.
        var late = await _store.AdvanceAsync(sid, 1, Step("fin", 2) with { Outcome = "answered", ReportsThePast = true }, default);

        Assert.True(late.Applied);
        var call = await _store.GetAsync(sid, default);
        Assert.Equal(("fin", 2, "answered", T0.AddMinutes(1)), (call!.State, call.StepNumber, call.Outcome, call.EndedAt!.Value));
        Assert.Contains(await _store.GetEventsAsync(sid, default), e => e.ToState == "fin");
    }

    [Fact]
    public async Task Late_request_of_an_ended_call_is_only_recorded_never_queued_and_keeps_the_outcome()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1), default);
        await _store.CompleteAsync(new CallCompletion(sid, "completed", 12, T0.AddMinutes(1), null), default);

        // Keys pressed after the end (the Gather action arriving after the status callback) ask for something new.
        var late = await _store.AdvanceAsync(sid, 1, Step("file", 2, outcome: "queued") with { Join = new QueueJoin("ecoutantes", "4") }, default);

        Assert.Equal((false, true), (late.Applied, late.AfterEnd));
        var call = await _store.GetAsync(sid, default);
        Assert.Equal(("accueil", 1, "abandoned"), (call!.State, call.StepNumber, call.Outcome));
        var events = await _store.GetEventsAsync(sid, default);
        Assert.Equal("after-end", events[^1].Kind);
        Assert.Equal("t0", events[^1].Trigger);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "select count(*) from queue_entries where call_sid = @sid", new { sid }));
    }

    [Fact]
    public async Task Step_that_queues_the_caller_writes_the_queue_entry_in_the_same_statement()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1), default);

        await _store.AdvanceAsync(sid, 1, Step("file", 2, outcome: "queued") with { Join = new QueueJoin("ecoutantes", "4") }, default);
        await _store.AdvanceAsync(sid, 1, Step("file", 2, outcome: "queued") with { Join = new QueueJoin("ecoutantes", "4") }, default); // repeated

        await using var connection = await db.DataSource.OpenConnectionAsync();
        var entries = (await Dapper.SqlMapper.QueryAsync<(string Status, string Choice)>(connection,
            "select status, menu_choice from queue_entries where call_sid = @sid", new { sid })).ToList();
        Assert.Equal([("waiting", "4")], entries);
    }

    [Fact]
    public async Task Start_after_the_end_was_reported_creates_the_call_ended_and_links_the_earlier_callback()
    {
        var sid = Sid();
        // The status callback overtook the start (kept in the journal, or delivered out of order).
        await _store.CompleteAsync(new CallCompletion(sid, "completed", 3, T0.AddSeconds(5), null), default);

        await _store.StartAsync(NewCall(sid), Step("file", 1, outcome: "queued") with { Join = new QueueJoin("ecoutantes", null) }, default);

        var call = (await _store.GetAsync(sid, default))!;
        Assert.Equal((T0.AddSeconds(5), "completed", "abandoned"), (call.EndedAt, call.ProviderStatus, call.Outcome));
        Assert.All(await _store.GetEventsAsync(sid, default), e => Assert.NotEqual("after-end", e.Kind));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "select count(*) from call_events where call_sid = @sid and call_id is null", new { sid }));
        Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "select count(*) from queue_entries where call_sid = @sid", new { sid }));
    }

    [Fact]
    public async Task Get_of_an_unknown_call_is_null()
    {
        Assert.Null(await _store.GetAsync(Sid(), default));
    }

    [Fact]
    public async Task Appended_event_is_linked_to_its_call_outside_any_step()
    {
        var sid = Sid();
        await _store.StartAsync(NewCall(sid), Step("accueil", 1), default);

        await _store.AppendEventAsync(sid, new CallEventRecord("status", null, null, "in-progress", "{\"SequenceNumber\": 1}"), T0.AddSeconds(5), default);

        var appended = (await _store.GetEventsAsync(sid, default))[^1];
        Assert.Equal(("status", (int?)null, "in-progress", "{\"SequenceNumber\": 1}", T0.AddSeconds(5)), (appended.Kind, appended.Step, appended.Trigger, appended.DetailJson, appended.At));
        Assert.Equal(2, await CountEventsLinkedToAsync(sid));
    }

    [Fact]
    public async Task Appended_event_of_an_unknown_call_is_kept_without_a_call()
    {
        var sid = Sid();

        await _store.AppendEventAsync(sid, new CallEventRecord("status", null, null, "ringing", null), T0, default);

        Assert.Equal("ringing", Assert.Single(await _store.GetEventsAsync(sid, default)).Trigger);
        Assert.Equal(0, await CountEventsLinkedToAsync(sid));
    }

    /// <summary>Events whose call_id points at the call row (an unknown call's events have none).</summary>
    private async Task<long> CountEventsLinkedToAsync(string sid)
    {
        await using var command = db.DataSource.CreateCommand("select count(*) from call_events e join calls c on c.id = e.call_id where c.call_sid = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = sid });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
