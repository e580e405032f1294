using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Xml.Linq;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>Review of issue 14: faults found by trying the line as an abuser would.</summary>
public sealed class CallerPoliciesReviewTests : IAsyncLifetime
{
    private readonly HelplineApp _app = new();

    public CallerPoliciesReviewTests()
    {
        _app.Settings["Helpline:Callers:MaxCallsPerHour"] = "6";
    }

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    /// <summary>
    /// Issue 14: "More than MaxCallsPerHour calls from one hash in an hour: further calls that hour go through a keypad
    /// challenge". A caller who chooses 4, waits a moment and hangs up, six times, makes each next call a recall (cut off
    /// while waiting), and a recall is never challenged: her seventh call of the hour goes straight into the queue — and
    /// ahead of everyone, since a recall is put first. The rate limit does nothing against the very jamming it is for.
    /// </summary>
    [Fact]
    public async Task A_caller_over_the_hourly_limit_who_hangs_up_in_the_queue_each_time_is_still_challenged()
    {
        const string jammer = "+33655100001";
        for (var i = 0; i < 6; i++)
        {
            var (sid, _) = await ChooseAsync(jammer, "4");
            _app.Time.Advance(TimeSpan.FromSeconds(30));
            (await _app.Twilio().PostAsync("/voice/status", TwilioClient.Step(sid, ("CallStatus", "completed"), ("CallDuration", "40")))).Dispose();
            _app.Time.Advance(TimeSpan.FromSeconds(30));
        }

        var (seventh, answer) = await ChooseAsync(jammer, "4");

        await using var db = await _app.OpenDatabaseAsync();
        var row = await db.QuerySingleAsync<(string? Challenge, string Tags)>(
            "select challenge, array_to_string(tags, ',') from calls where call_sid = @seventh", new { seventh });
        Assert.True(!answer.Descendants("Enqueue").Any(),
            $"the 7th call of the hour was queued without the challenge (challenge = {row.Challenge ?? "null"}, tags = {row.Tags})");
    }

    /// <summary>
    /// A blocked caller's /voice/incoming repeated (a provider retry, or nginx retrying on the other instance): the repeat is
    /// answered with the flow's welcome menu ("an incoming call always hears the welcome"), because the block moved the
    /// call to step 2. The blocked caller hears the full menu on the repeat instead of the blocked message.
    /// </summary>
    [Fact]
    public async Task A_repeated_incoming_webhook_of_a_blocked_caller_hears_the_blocked_message_again_not_the_menu()
    {
        const string abuser = "+33655100002";
        var earlier = TwilioClient.NewCallSid();
        await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(earlier, abuser));
        (await _app.Twilio().PostAsync("/voice/status", TwilioClient.Step(earlier, ("CallStatus", "completed"), ("CallDuration", "20")))).Dispose();
        using var admin = Admin();
        (await admin.PutAsJsonAsync($"/api/callers/flags/{earlier}", new { kind = "blocked", reason = "menaces" })).Dispose();

        var sid = TwilioClient.NewCallSid();
        var first = await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, abuser));
        var repeat = await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, abuser));

        Assert.True(!first.Descendants("Gather").Any(), "first answer: " + TwilioClient.Heard(first));
        Assert.True(!repeat.Descendants("Gather").Any(), "the repeat was the welcome menu: " + TwilioClient.Heard(repeat));
        Assert.Equal(TwilioClient.Heard(first), TwilioClient.Heard(repeat));
    }

    private HttpClient Admin()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _app.AdminTokenInUse);
        return client;
    }

    private async Task<(string Sid, XDocument Answer)> ChooseAsync(string from, string key)
    {
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, from));
        return (sid, await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("From", from), ("Digits", key))));
    }
}
