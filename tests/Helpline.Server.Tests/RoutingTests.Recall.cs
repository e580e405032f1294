using System.Xml.Linq;
using Dapper;
using Helpline.Server.Agents;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Helpline.Server.Tests;

public sealed partial class RoutingTests
{
    private const string Victim = "+33611223344";
    private const string Other = "+33655667788";

    /// <summary>
    /// Issue 12.4: a caller who hung up while waiting and calls again within the window is recognised by the keyed hash
    /// of her number (never the number), tagged "rappel-apres-coupure", and offered before a caller who was waiting
    /// before her but was not cut off; the worker hears it first.
    /// </summary>
    [Fact]
    public async Task A_caller_cut_off_while_waiting_who_calls_back_goes_before_those_who_were_not()
    {
        var (first, _) = await QueueFromAsync(Victim, "4");
        await HangUpAsync(first);
        _app.Time.Advance(TimeSpan.FromMinutes(5));
        var (waiting, _) = await QueueFromAsync(Other, "4");
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        var (recall, _) = await QueueFromAsync(Victim, "4");

        await SetStatusAsync(1, "available");
        var dial = await _app.Twilio().TwimlAsync(AgentUrl((await WaitForRedirectAsync(recall)).Body), TwilioClient.Step(recall, ("From", Victim)));
        var whisper = await WhisperAsync(dial);

        Assert.StartsWith("Rappel après coupure", TwilioClient.Heard(whisper), StringComparison.Ordinal);
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(("waiting", "picked-up"), (await QueueStatusAsync(db, waiting), await QueueStatusAsync(db, recall)));
        Assert.Equal("rappel-apres-coupure", await db.ExecuteScalarAsync<string>("select array_to_string(tags, ',') from calls where call_sid = @recall", new { recall }));
        Assert.Equal(string.Empty, await db.ExecuteScalarAsync<string>("select array_to_string(tags, ',') from calls where call_sid = @waiting", new { waiting }));
    }

    /// <summary>
    /// Cut off after a 20-second conversation with Alice: calling back, she waits for Alice (in wrap-up) even though Bea
    /// is free; Alice ending her wrap-up within the reservation takes her.
    /// </summary>
    [Fact]
    public async Task A_caller_cut_off_in_a_short_conversation_goes_back_to_the_worker_she_spoke_to()
    {
        await ShortConversationWithAliceAsync();
        await SetStatusAsync(2, "available");

        var (recall, _) = await QueueFromAsync(Victim, "4");
        var offers = await _app.Services.GetRequiredService<Dispatcher>().DispatchOnceAsync(default);

        Assert.Equal(0, offers); // Bea may not take her yet
        await using (var db = await _app.OpenDatabaseAsync())
        {
            Assert.Equal("waiting", await QueueStatusAsync(db, recall));
        }

        _app.Time.Advance(TimeSpan.FromSeconds(10));
        await SetStatusAsync(1, "available"); // Alice ends her wrap-up
        Assert.Contains("worker=1&", AgentUrl((await WaitForRedirectAsync(recall)).Body), StringComparison.Ordinal);
    }

    /// <summary>The reservation lapses by itself: after it, the next free worker takes her, still before everyone else.</summary>
    [Fact]
    public async Task After_the_reservation_another_worker_takes_the_recalling_caller()
    {
        await ShortConversationWithAliceAsync();
        await SetStatusAsync(2, "available");
        var (recall, _) = await QueueFromAsync(Victim, "4");
        Assert.Equal(0, await _app.Services.GetRequiredService<Dispatcher>().DispatchOnceAsync(default));

        _app.Time.Advance(TimeSpan.FromSeconds(21));

        Assert.Contains("worker=2&", AgentUrl((await WaitForRedirectAsync(recall)).Body), StringComparison.Ordinal);
    }

    /// <summary>
    /// A withheld number cannot be recognised: every withheld caller shares it, so hers is never hashed and her call back
    /// is an ordinary call (the operators' guide says so).
    /// </summary>
    [Theory]
    [InlineData("anonymous")]
    [InlineData("+266696687")]
    public async Task A_withheld_caller_who_calls_back_is_not_recognised(string withheld)
    {
        var (first, _) = await QueueFromAsync(withheld, "4");
        await HangUpAsync(first);

        var (again, _) = await QueueFromAsync(withheld, "4");

        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal((string.Empty, (short)0), await db.QuerySingleAsync<(string, short)>(
            "select array_to_string(c.tags, ','), q.priority from calls c join queue_entries q on q.call_sid = c.call_sid where c.call_sid = @again", new { again }));
        Assert.Null(await db.ExecuteScalarAsync<string?>("select caller_hash from calls where call_sid = @again", new { again }));
    }

    /// <summary>
    /// Found by PrivacyTests on a fake clock, where every call ends at one instant: which of her calls that ended together
    /// counted as her latest followed the query plan, and a plan that picked her earlier call to 17 lost the recall.
    /// The one she made last decides: a call to 17, then cut off in the queue, is a recall.
    /// </summary>
    [Fact]
    public async Task Of_calls_that_ended_at_the_same_instant_the_one_made_last_decides_the_recall()
    {
        await TransferredFromAsync(Victim);
        var (cutOff, _) = await QueueFromAsync(Victim, "4");
        await HangUpAsync(cutOff);

        var (again, _) = await QueueFromAsync(Victim, "4");

        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal("rappel-apres-coupure", await db.ExecuteScalarAsync<string>("select array_to_string(tags, ',') from calls where call_sid = @again", new { again }));
    }

    /// <summary>Alice answers the victim, they speak 20 s, the call is cut off: Alice is in wrap-up for the next 60 s.</summary>
    private async Task ShortConversationWithAliceAsync()
    {
        await SetStatusAsync(1, "available");
        var (first, _) = await QueueFromAsync(Victim, "4");
        var dial = await _app.Twilio().TwimlAsync(AgentUrl((await WaitForRedirectAsync(first)).Body), TwilioClient.Step(first, ("From", Victim)));
        await WhisperAsync(dial);
        _app.Time.Advance(TimeSpan.FromSeconds(20));
        await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(dial, "Dial")!),
            TwilioClient.Step(first, ("From", Victim), ("DialCallStatus", "completed"), ("DialCallDuration", "20")));
        await HangUpAsync(first);
        Assert.Equal("wrap-up", await WorkerStatusAsync(1)); // for 60 s
    }

    private async Task<(string Sid, XElement Enqueue)> QueueFromAsync(string from, string key)
    {
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, from));
        var queued = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("From", from), ("Caller", from), ("Digits", key)));
        return (sid, queued.Descendants("Enqueue").Single());
    }

    /// <summary>A call that chooses 1 (danger) and is transferred to 17, then ends.</summary>
    private async Task TransferredFromAsync(string from)
    {
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, from));
        var transfer = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("From", from), ("Caller", from), ("Digits", "1")));
        Assert.Equal("17", transfer.Descendants("Dial").Single().Value.Trim());
        await HangUpAsync(sid);
    }

    private async Task HangUpAsync(string sid)
    {
        using var response = await _app.Twilio().PostAsync("/voice/status", TwilioClient.Step(sid, ("CallStatus", "completed"), ("CallDuration", "40")));
        Assert.True(response.IsSuccessStatusCode);
    }

    private static Task<string?> QueueStatusAsync(Npgsql.NpgsqlConnection db, string sid) =>
        db.ExecuteScalarAsync<string?>("select status from queue_entries where call_sid = @sid", new { sid });
}
