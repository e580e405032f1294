using Microsoft.Extensions.DependencyInjection;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

// Siblings of the races issue 10 names, found by replaying the issue as a newcomer: a late webhook of an earlier offer,
// the grace after a deactivation, and the caller ID on the worker's phone. Each is the smallest reproduction; the
// comments say what the code did before the fix.
public sealed partial class RoutingTests
{
    /// <summary>
    /// A dial outcome delivered twice (a provider retry), the second copy after the caller was offered again to the same
    /// worker: the offer URL carries no offer number, so the copy is taken for the new offer's outcome — a second miss
    /// (autopause with AutoPauseAfter 2) and the offer still ringing on her phone is taken back.
    /// </summary>
    [Fact]
    public async Task repeated_no_answer_of_an_earlier_offer_counts_no_second_miss_and_leaves_the_current_offer_ringing()
    {
        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync("4");
        var first = await OfferAsync(sid);
        var outcome = TwilioClient.Step(sid, ("DialCallStatus", "no-answer")); // the caller is still there: a real miss
        await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(first, "Dial")!), outcome);
        await WaitForRedirectAsync(sid, count: 2); // offered again at once to Alice, the only worker available

        await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(first, "Dial")!), outcome); // the first outcome, delivered again

        var alice = (await WorkersAsync()).Single(w => w.GetProperty("id").GetInt32() == 1);
        Assert.Equal(1, alice.GetProperty("missedInARow").GetInt32()); // before: 2, and she is autopaused
        Assert.Equal("ringing", alice.GetProperty("status").GetString()); // before: "pause"
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal("offered", await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid })); // before: "waiting"
    }

    /// <summary>Same root cause: the whisper of the first offer, delivered again while the second offer rings, marks the second one picked up.</summary>
    [Fact]
    public async Task whisper_of_an_earlier_offer_does_not_pick_up_the_offer_ringing_now()
    {
        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync("4");
        var first = await OfferAsync(sid);
        await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(first, "Dial")!), TwilioClient.Step(sid, ("DialCallStatus", "no-answer")));
        await WaitForRedirectAsync(sid, count: 2);

        await WhisperAsync(first); // the first offer's whisper URL, requested again

        Assert.Equal("ringing", await WorkerStatusAsync(1)); // before: "on-call"
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal("offered", await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid })); // before: "picked-up"
    }

    /// <summary>
    /// The grace counts from when the last worker stopped coming (as when she goes offline), but a worker deactivated by
    /// a supervisor is left out of that moment (<c>filter (where active)</c>): a caller who has waited more than the
    /// grace overflows at the very next poll.
    /// </summary>
    [Fact]
    public async Task grace_counts_from_the_deactivation_of_the_last_worker_who_could_come()
    {
        await SetStatusAsync(1, "available");
        var (busy, _) = await QueueCallerAsync("4");
        await WhisperAsync(await OfferAsync(busy)); // Alice is on a call: she can come
        var (sid, enqueue) = await QueueCallerAsync("4");
        var waitUrl = Relative(enqueue.Attribute("waitUrl")!.Value);
        _app.Time.Advance(TimeSpan.FromMinutes(5));

        // What the supervisor page's "Désactiver" does (SupervisorEndpoints.UpdateWorkerAsync).
        await _app.Services.GetRequiredService<Helpline.Data.Routing.RoutingStore>().SetWorkerActiveAsync(1, false, _app.Time.GetUtcNow(), default);
        var justAfter = await _app.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "301")));

        Assert.Empty(justAfter.Descendants("Leave")); // before: Leave at once
    }
    /// <summary>
    /// DESIGN (safety and privacy): the worker's phone shows the helpline's number (here the call's <c>To</c>, with
    /// Helpline:Routing:CallerId unset), never the caller's — whether she showed her number, hid it, or sent something
    /// that is not a number. Before issue 10, with the setting unset, the &lt;Dial&gt; had no callerId and the provider
    /// showed the caller's own number on the worker's phone.
    /// </summary>
    [Theory]
    [InlineData("+33612345678")]
    [InlineData("+44 7700 900123")]
    [InlineData("anonymous")]
    [InlineData("RESTRICTED")]
    [InlineData("+266696687")]
    [InlineData("")]
    [InlineData("client:alice")]
    public async Task the_worker_s_phone_shows_the_helpline_s_number_whatever_the_caller_sent(string from)
    {
        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync("4");

        var redirect = await WaitForRedirectAsync(sid);
        var form = TwilioClient.Step(sid, ("From", from), ("Caller", from));
        var dial = await _app.Twilio().TwimlAsync(AgentUrl(redirect.Body), form);

        Assert.Equal("+33320000000", dial.Descendants("Dial").Single().Attribute("callerId")?.Value);
    }
}
