using System.Net.Http.Json;
using System.Xml.Linq;
using Dapper;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;
using Helpline.Server.Agents;

namespace Helpline.Server.Tests;

/// <summary>
/// The call ends while its worker's phone rings or during the whisper, with the provider's webhooks in every order they
/// can arrive in (the worker's dial outcome, the whisper, the caller's status callback): a miss is a miss only when the
/// caller was still there, a gone caller is never offered again, and a call is answered only when the worker's
/// <c>&lt;Dial&gt;</c> outcome says the two legs were bridged — one definition, the same on the queue entry and the call row.
/// </summary>
public sealed partial class RoutingTests
{
    [Theory]
    [InlineData("canceled", "result-then-status")]
    [InlineData("no-answer", "result-then-status")]
    [InlineData("canceled", "status-then-result")]
    [InlineData("no-answer", "status-then-result")]
    public async Task Caller_hanging_up_while_the_worker_s_phone_rings_is_no_miss_and_is_never_offered_again(string dialStatus, string order)
    {
        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync("4");
        var dial = await OfferAsync(sid);
        var result = () => _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(dial, "Dial")!),
            TwilioClient.Step(sid, ("DialCallStatus", dialStatus), ("CallStatus", "completed")));

        XDocument answer;
        if (order == "result-then-status")
        {
            answer = await result();
            await StatusCompletedAsync(sid);
        }
        else
        {
            await StatusCompletedAsync(sid);
            answer = await result();
        }

        Assert.Empty(answer.Descendants("Enqueue")); // nobody to put back in the queue
        var alice = (await WorkersAsync()).Single(w => w.GetProperty("id").GetInt32() == 1);
        Assert.Equal(("available", 0), (alice.GetProperty("status").GetString(), alice.GetProperty("missedInARow").GetInt32()));
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal("abandoned", await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }));
        Assert.Equal("abandoned-in-queue", await db.ExecuteScalarAsync<string>("select outcome from calls where call_sid = @sid", new { sid }));
        await _app.Services.GetRequiredService<Dispatcher>().DispatchOnceAsync(CancellationToken.None);
        Assert.Equal(1, RedirectsOf(sid)); // the gone caller was offered once, never again
    }

    [Theory]
    [InlineData("status-then-result")]
    [InlineData("result-then-status")]
    public async Task Caller_hanging_up_during_the_whisper_is_not_answered_and_the_worker_gets_no_wrap_up_nor_form(string order)
    {
        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync("4");
        var dial = await OfferAsync(sid);
        var whisper = await WhisperAsync(dial);
        Assert.Contains("Choix du menu : 4", TwilioClient.Heard(whisper), StringComparison.Ordinal);
        Assert.Equal("on-call", await WorkerStatusAsync(1));
        // The worker picked up; the caller hung up before the whisper ended: the legs were never bridged.
        var result = () => _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(dial, "Dial")!),
            TwilioClient.Step(sid, ("DialCallStatus", "completed"), ("DialBridged", "false"), ("DialCallDuration", "4"), ("CallStatus", "completed")));

        if (order == "status-then-result")
        {
            await StatusCompletedAsync(sid);
            Assert.Equal("on-call", await WorkerStatusAsync(1)); // the dial outcome decides, not the caller's end
            await result();
        }
        else
        {
            await result();
            await StatusCompletedAsync(sid);
        }

        Assert.Equal("available", await WorkerStatusAsync(1));
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal("abandoned", await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }));
        Assert.Equal("abandoned-in-queue", await db.ExecuteScalarAsync<string>("select outcome from calls where call_sid = @sid", new { sid }));
        Assert.Equal(0, (await WorkersAsync()).Single(w => w.GetProperty("id").GetInt32() == 1).GetProperty("callsAnswered").GetInt32());
        Assert.Null(await _app.Services.GetRequiredService<Helpline.Data.WrapUps.WrapUpStore>().PendingAsync(1, _app.Time.GetUtcNow(), default)); // no orientation form
    }

    [Fact]
    public async Task Caller_gone_before_the_worker_picks_up_tells_the_worker_and_the_late_outcomes_change_nothing()
    {
        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync("4");
        var dial = await OfferAsync(sid);

        // Offer, then the caller's end, then the worker's whisper and dial outcome "completed" (no DialBridged sent).
        await StatusCompletedAsync(sid);
        var whisper = await WhisperAsync(dial);
        Assert.Contains("La personne a raccroché", TwilioClient.Heard(whisper), StringComparison.Ordinal);
        Assert.Single(whisper.Descendants("Hangup")); // the worker's leg ends: nobody to bridge
        await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(dial, "Dial")!), TwilioClient.Step(sid, ("DialCallStatus", "completed"), ("CallStatus", "completed")));

        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal("abandoned", await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }));
        Assert.Equal("abandoned-in-queue", await db.ExecuteScalarAsync<string>("select outcome from calls where call_sid = @sid", new { sid }));
        Assert.Equal("available", await WorkerStatusAsync(1));
    }

    [Theory]
    [InlineData("result-then-status")]
    [InlineData("status-then-result")]
    public async Task Conversation_is_answered_by_the_bridged_dial_outcome_whichever_webhook_comes_first(string order)
    {
        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync("4");
        var dial = await OfferAsync(sid);
        await WhisperAsync(dial);
        var result = () => _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(dial, "Dial")!),
            TwilioClient.Step(sid, ("DialCallStatus", "completed"), ("DialBridged", "true"), ("DialCallDuration", "300"), ("CallStatus", "completed")));

        if (order == "result-then-status")
        {
            await result();
            await StatusCompletedAsync(sid);
        }
        else
        {
            await StatusCompletedAsync(sid);
            await result();
        }

        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal("answered", await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }));
        Assert.Equal("answered", await db.ExecuteScalarAsync<string>("select outcome from calls where call_sid = @sid", new { sid }));
        Assert.Equal("wrap-up", await WorkerStatusAsync(1));
        Assert.NotNull(await _app.Services.GetRequiredService<Helpline.Data.WrapUps.WrapUpStore>().PendingAsync(1, _app.Time.GetUtcNow(), default));
    }

    [Fact]
    public async Task Pause_chosen_on_a_call_is_kept_and_applies_after_the_wrap_up_instead_of_the_next_caller()
    {
        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync("4");
        var dial = await OfferAsync(sid);
        await WhisperAsync(dial);

        using (var client = Admin())
        {
            using var response = await client.PutAsJsonAsync("/api/workers/1/status", new { status = "pause" });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode); // kept, not refused
        }

        var alice = (await WorkersAsync()).Single(w => w.GetProperty("id").GetInt32() == 1);
        Assert.Equal(("on-call", "pause"), (alice.GetProperty("status").GetString(), alice.GetProperty("pendingStatus").GetString()));
        await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(dial, "Dial")!), TwilioClient.Step(sid, ("DialCallStatus", "completed"), ("DialCallDuration", "120")));
        var (next, _) = await QueueCallerAsync("4");

        _app.Time.Advance(TimeSpan.FromSeconds(61)); // the wrap-up (60 s) ends
        await _app.Services.GetRequiredService<Dispatcher>().DispatchOnceAsync(CancellationToken.None);

        Assert.Equal("pause", await WorkerStatusAsync(1));
        Assert.Equal(0, RedirectsOf(next)); // the next caller is not offered to her
    }

    /// <summary>Waits for the dispatcher's redirect of <paramref name="sid"/>, then plays the provider calling the offer's URL; returns the Dial.</summary>
    private async Task<XDocument> OfferAsync(string sid)
    {
        var redirect = await WaitForRedirectAsync(sid);
        return await _app.Twilio().TwimlAsync(AgentUrl(redirect.Body), TwilioClient.Step(sid));
    }

    /// <summary>The worker's phone picks up: the provider asks the whisper URL on the worker's own leg.</summary>
    private Task<XDocument> WhisperAsync(XDocument dial) =>
        _app.Twilio().TwimlAsync(Relative(dial.Descendants("Number").Single().Attribute("url")!.Value), TwilioClient.Step(TwilioClient.NewCallSid(), ("Direction", "outbound-dial")));

    private async Task StatusCompletedAsync(string sid)
    {
        using var response = await _app.Twilio().PostAsync("/voice/status", TwilioClient.Step(sid, ("CallStatus", "completed"), ("CallDuration", "40")));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
    }

    private int RedirectsOf(string sid) => _rest.LogEntries.Count(e => e.RequestMessage!.Path.Contains(sid, StringComparison.Ordinal));
}
