using Dapper;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;
using Helpline.Server.Agents;

namespace Helpline.Server.Tests;

/// <summary>
/// Webhooks for a call that is already over: any step that asks for something new after the status callback
/// (keys pressed, a hold poll, a queue left for the overflow) is recorded as an <c>after-end</c> event and acted on in
/// no way — no queue entry, no offer, no second count — and the outcome the end gave the call stays.
/// </summary>
public sealed partial class RoutingTests
{
    [Fact]
    public async Task Keys_pressed_after_the_call_ended_do_not_queue_or_offer_the_call()
    {
        await SetStatusAsync(1, "available");
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        await StatusCompletedAsync(sid);

        var late = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", "4")));

        Assert.Single(late.Descendants("Hangup"));
        await _app.Services.GetRequiredService<Dispatcher>().DispatchOnceAsync(CancellationToken.None);
        Assert.Equal(0, RedirectsOf(sid));
        Assert.Equal("available", await WorkerStatusAsync(1));
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>("select count(*) from queue_entries where call_sid = @sid", new { sid }));
        Assert.Equal(("accueil", "abandoned"), await db.QuerySingleAsync<(string, string)>("select state, outcome from calls where call_sid = @sid", new { sid }));
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("select count(*) from call_events where call_sid = @sid and kind = 'after-end' and trigger = 'digits:4'", new { sid }));
    }

    [Fact]
    public async Task Hold_poll_and_overflow_after_the_call_ended_neither_requeue_nor_change_the_outcome()
    {
        await SetStatusAsync(1, "pause");
        var (sid, enqueue) = await QueueCallerAsync("4");
        await StatusCompletedAsync(sid);
        var twilio = _app.Twilio();

        await twilio.TwimlAsync(Relative(enqueue.Attribute("waitUrl")!.Value), TwilioClient.Step(sid, ("QueueTime", "40")));
        var overflow = await twilio.TwimlAsync(Relative(enqueue.Attribute("action")!.Value), TwilioClient.Step(sid, ("QueueResult", "leave"), ("QueueTime", "40")));

        Assert.Empty(overflow.Descendants("Dial"));
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal("abandoned", await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }));
        Assert.Equal("abandoned-in-queue", await db.ExecuteScalarAsync<string>("select outcome from calls where call_sid = @sid", new { sid }));
        await SetStatusAsync(1, "available");
        await _app.Services.GetRequiredService<Dispatcher>().DispatchOnceAsync(CancellationToken.None);
        Assert.Equal(0, RedirectsOf(sid));
    }

    [Fact]
    public async Task Start_stored_after_its_end_creates_an_ended_call_that_is_never_queued()
    {
        await SetStatusAsync(1, "available");
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        await StatusCompletedAsync(sid); // the end overtook the start (delivered out of order, or the start was journaled)

        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", "4")));

        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(("abandoned", true), await db.QuerySingleAsync<(string, bool)>("select outcome, ended_at is not null from calls where call_sid = @sid", new { sid }));
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>("select count(*) from queue_entries where call_sid = @sid", new { sid }));
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>("select count(*) from call_events where call_sid = @sid and call_id is null", new { sid }));
    }
}
