using System.Xml.Linq;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// Review of issue 12.4 ("Cut off, then calling back") with sibling inputs, through the real server and PostgreSQL:
/// a caller cut off twice in a row, and a caller who calls back while the database is slow.
/// One worker, in wrap-up for an hour: she can come (callers wait, hold polls run in full) but nobody is offered, so
/// what the queue holds can be read as the router would see it.
/// </summary>
public sealed class RecallSiblingsTests : IAsyncLifetime
{
    private readonly HelplineApp _app = new();

    public RecallSiblingsTests()
    {
        _app.Settings["Helpline:Routing:Workers:0:Name"] = "Alice";
        _app.Settings["Helpline:Routing:Workers:0:Phone"] = "+33611111111";
    }

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        await using var db = await _app.OpenDatabaseAsync();
        await Eventually.WaitForAsync(async () => await db.ExecuteScalarAsync<long>("select count(*) from workers") == 1);
        await db.ExecuteAsync("update workers set status = 'wrap-up', status_since = @now, wrap_up_until = @until",
            new { now = _app.Time.GetUtcNow().UtcDateTime, until = _app.Time.GetUtcNow().AddHours(1).UtcDateTime });
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    /// <summary>
    /// Cut off while waiting (A); she calls back (B, recognised) and is cut off again during the 26-second welcome menu,
    /// before she can type 4; she calls back again (C) a minute later. C's latest earlier call (B) never queued; the rule
    /// once read only that, and three minutes after her first cut-off she started again from the end of the queue. A
    /// recall that never reached the queue now passes its recall on (RecallRule).
    /// </summary>
    [Fact]
    public async Task A_caller_cut_off_again_in_the_menu_of_her_recall_is_still_recognised_when_she_calls_back()
    {
        const string victim = "+33611000001";
        var a = await QueueAsync(victim, "4");
        await EndAsync(a);
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        var b = TwilioClient.NewCallSid();
        await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(b, victim));
        Assert.Equal("rappel-apres-coupure", await TagsAsync(b)); // B was recognised
        _app.Time.Advance(TimeSpan.FromSeconds(10));
        await EndAsync(b); // cut off again, in the welcome menu
        _app.Time.Advance(TimeSpan.FromMinutes(1));

        var c = await QueueAsync(victim, "4");

        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(("rappel-apres-coupure", (short)10), (await TagsAsync(c), await db.ExecuteScalarAsync<short>("select priority from queue_entries where call_sid = @c", new { c })));
    }

    /// <summary>
    /// Cut off while waiting; she calls back while PostgreSQL is slow (another session holds a lock on <c>calls</c>): the
    /// welcome is answered from the flow after the storage budget and her start and her key 5 are journaled. The
    /// database recovers and her first hold poll self-heals her queue join before the journal is replayed: the entry is
    /// created from a call row that does not exist yet (no tags, no menu choice). The replayed join once did nothing (on
    /// conflict) and she waited as an ordinary caller (priority 0); it now completes the entry still waiting
    /// (QueueOrderSql.CompleteJoin): her class and her menu choice.
    /// </summary>
    [Fact]
    public async Task A_caller_who_calls_back_while_the_database_is_slow_keeps_her_place_at_the_front_when_a_hold_poll_rejoins_her_before_the_journal_is_written()
    {
        const string victim = "+33611000002";
        var a = await QueueAsync(victim, "4");
        await EndAsync(a);
        _app.Time.Advance(TimeSpan.FromMinutes(1));

        var b = TwilioClient.NewCallSid();
        XDocument menu;
        await using (var blocker = await _app.OpenDatabaseAsync())
        {
            await using var lockHeld = await blocker.BeginTransactionAsync();
            await blocker.ExecuteAsync("lock table calls in share mode", transaction: lockHeld);
            var incoming = _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(b, victim));
            await WaitUntilBlockedAsync();
            _app.Time.Advance(TimeSpan.FromSeconds(1)); // past the 800 ms budget
            menu = await incoming;
            await lockHeld.RollbackAsync();
        }

        Assert.Contains("tapez 5", TwilioClient.Heard(menu), StringComparison.Ordinal);
        var queued = await _app.Twilio().TwimlAsync(_app.Twilio().Relative(TwilioClient.Action(menu, "Gather")!),
            TwilioClient.Step(b, ("From", victim), ("Caller", victim), ("Digits", "5")));
        Assert.Single(queued.Descendants("Enqueue"));
        Assert.True(await _app.JournalPendingAsync() > 0); // her start and her key 5 wait in the journal
        // The database answers again; her first hold poll comes before the journal's next replay (every 5 s) and, as
        // designed, re-joins a caller "whose join was lost" — with what it knows of her then: nothing.
        var hold = await _app.Twilio().TwimlAsync(_app.Twilio().Relative(queued.Descendants("Enqueue").Single().Attribute("waitUrl")!.Value),
            TwilioClient.Step(b, ("From", victim), ("QueueTime", "1")));
        Assert.Contains("Merci de patienter", TwilioClient.Heard(hold), StringComparison.Ordinal);
        await _app.ReplayJournalAsync();

        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal("rappel-apres-coupure,ne-peut-pas-parler", await TagsAsync(b)); // the call row is right
        Assert.Equal(((short)10, "5"), await db.QuerySingleAsync<(short, string?)>("select priority, menu_choice from queue_entries where call_sid = @b", new { b }));
    }

    private async Task<string> QueueAsync(string from, string key)
    {
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, from));
        var queued = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("From", from), ("Caller", from), ("Digits", key)));
        Assert.Single(queued.Descendants("Enqueue"));
        return sid;
    }

    private async Task EndAsync(string sid)
    {
        using var response = await _app.Twilio().PostAsync("/voice/status", TwilioClient.Step(sid, ("CallStatus", "completed"), ("CallDuration", "40")));
        Assert.True(response.IsSuccessStatusCode);
    }

    private async Task<string?> TagsAsync(string sid)
    {
        await using var db = await _app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<string?>("select array_to_string(tags, ',') from calls where call_sid = @sid", new { sid });
    }

    private async Task WaitUntilBlockedAsync()
    {
        await using var db = await _app.OpenDatabaseAsync();
        await Eventually.WaitForAsync(async () =>
            await db.ExecuteScalarAsync<long>("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") > 0);
    }
}
