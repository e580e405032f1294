using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// Review of issue 12.4 ("Cut off, then calling back") with a sibling input, through the real server and PostgreSQL:
/// a caller cut off twice in a row.
/// No worker is configured: nobody is offered, so what the queue holds can be read as the router would see it.
/// </summary>
public sealed class RecallSiblingsTests(HelplineApp app) : IClassFixture<HelplineApp>
{
    /// <summary>
    /// Cut off while waiting (A); she calls back (B, recognised) and is cut off again during the 26-second welcome menu,
    /// before she can type 4; she calls back again (C) a minute later. C's latest earlier call (B) never queued, so the
    /// rule (which reads only the latest call) no longer recognises her: three minutes after her first cut-off she
    /// starts again from the end of the queue, which is what item 4 is meant to prevent.
    /// </summary>
    [Fact]
    public async Task A_caller_cut_off_again_in_the_menu_of_her_recall_is_still_recognised_when_she_calls_back()
    {
        const string victim = "+33611000001";
        var a = await QueueAsync(victim, "4");
        await EndAsync(a);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var b = TwilioClient.NewCallSid();
        await app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(b, victim));
        Assert.Equal("rappel-apres-coupure", await TagsAsync(b)); // B was recognised
        app.Time.Advance(TimeSpan.FromSeconds(10));
        await EndAsync(b); // cut off again, in the welcome menu
        app.Time.Advance(TimeSpan.FromMinutes(1));

        var c = await QueueAsync(victim, "4");

        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(("rappel-apres-coupure", (short)10), (await TagsAsync(c), await db.ExecuteScalarAsync<short>("select priority from queue_entries where call_sid = @c", new { c })));
    }

    private async Task<string> QueueAsync(string from, string key)
    {
        var sid = TwilioClient.NewCallSid();
        var twilio = app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, from));
        var queued = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("From", from), ("Caller", from), ("Digits", key)));
        Assert.Single(queued.Descendants("Enqueue"));
        return sid;
    }

    private async Task EndAsync(string sid)
    {
        using var response = await app.Twilio().PostAsync("/voice/status", TwilioClient.Step(sid, ("CallStatus", "completed"), ("CallDuration", "40")));
        Assert.True(response.IsSuccessStatusCode);
    }

    private async Task<string?> TagsAsync(string sid)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<string?>("select array_to_string(tags, ',') from calls where call_sid = @sid", new { sid });
    }
}
