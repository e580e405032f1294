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

    /// <summary>
    /// A worker reports a malicious caller at wrap-up; a supervisor confirms the report as "blocked" five weeks later (the
    /// report waited on the page). The confirmation answers 204 and the history says "confirmed", but the flag keeps the
    /// expiry computed when the worker proposed it (30 days from the report): the flag is born expired and the caller is
    /// not blocked. The confirmation neither refuses nor counts the flag's life from the decision.
    /// </summary>
    [Fact]
    public async Task A_report_confirmed_weeks_later_blocks_the_caller_or_is_refused()
    {
        const string caller = "+33655100003";
        var call = TwilioClient.NewCallSid();
        await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(call, caller));
        (await _app.Twilio().PostAsync("/voice/status", TwilioClient.Step(call, ("CallStatus", "completed"), ("CallDuration", "20")))).Dispose();
        var at = _app.Time.GetUtcNow().UtcDateTime;
        await using var db = await _app.OpenDatabaseAsync();
        var id = await db.ExecuteScalarAsync<long>(
            "insert into caller_flags (caller_hash, kind, reason, status, call_sid, created_by, created_at, expires_at, review_at) " +
            "select caller_hash, 'blocked', 'menaces', 'proposed', call_sid, 'Alice', @at, @at + interval '30 days', @at + interval '7 days' from calls where call_sid = @call returning id",
            new { call, at });
        _app.Time.Advance(TimeSpan.FromDays(35)); // Tuesday 29 December, 10:00: open

        using var admin = Admin();
        using var confirm = await admin.PostAsJsonAsync($"/api/callers/flags/{id}/confirm", new { kind = "blocked" });
        if (!confirm.IsSuccessStatusCode)
        {
            return; // refusing a stale report is a fine answer too
        }

        var sid = TwilioClient.NewCallSid();
        var heard = TwilioClient.Heard(await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, caller)));
        Assert.True(!heard.Contains("tapez 4", StringComparison.Ordinal),
            $"confirmed ({(int)confirm.StatusCode}) but not blocked: the flag expires at {await db.ExecuteScalarAsync<DateTime>("select expires_at from caller_flags where id = @id", new { id }):u}, before the confirmation");
    }

    /// <summary>
    /// Two supervisors flag the same caller at the same moment (from two of her calls, on /supervision or the API). Each
    /// request lifts "her active flag" (none yet) and inserts its own; the second insert hits the unique index on the
    /// active flag (caller_flags_one_active) and the request gets 503 "could not be stored" (as if PostgreSQL were down) instead of replacing the first or answering
    /// a clear conflict.
    /// </summary>
    [Fact]
    public async Task Two_supervisors_flagging_one_caller_at_once_never_get_a_server_error()
    {
        const string caller = "+33655100004";
        var calls = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var sid = TwilioClient.NewCallSid();
            await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, caller));
            (await _app.Twilio().PostAsync("/voice/status", TwilioClient.Step(sid, ("CallStatus", "completed"), ("CallDuration", "20")))).Dispose();
            calls.Add(sid);
        }

        var statuses = await Task.WhenAll(calls.Select(async sid =>
        {
            using var admin = Admin();
            using var put = await admin.PutAsJsonAsync($"/api/callers/flags/{sid}", new { kind = "blocked", reason = "menaces" });
            return (int)put.StatusCode;
        }));

        Assert.True(statuses.All(s => s < 500), "statuses: " + string.Join(", ", statuses));
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("select count(*) from caller_flags where status = 'active'"));
    }

    /// <summary>
    /// Issue 14's saturation test: "sends 50 concurrent new callers with saturation mode on and checks that … every caller
    /// hears the emergency numbers". A caller who types the code hears the welcome, the challenge and the queue: does
    /// anything on her way say 17 / 112? (CallerPoliciesTests' fifty-caller test checks only the callers who fail.)
    /// </summary>
    [Fact]
    public async Task In_saturation_mode_a_caller_who_passes_the_challenge_also_hears_the_emergency_numbers()
    {
        using (var admin = Admin())
        {
            var until = _app.Time.GetUtcNow().AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            (await admin.PutAsJsonAsync("/api/saturation", new { until, reason = "test" })).Dispose();
        }

        const string from = "+33655100005";
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, from));
        var challenge = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("From", from), ("Digits", "4")));
        var heardChallenge = TwilioClient.Heard(challenge);
        var code = System.Text.RegularExpressions.Regex.Match(heardChallenge, @"tapez le code (\d), (\d), (\d)\.");
        Assert.True(code.Success, heardChallenge);
        var queued = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(challenge, "Gather")!),
            TwilioClient.Step(sid, ("Digits", code.Groups[1].Value + code.Groups[2].Value + code.Groups[3].Value)));
        Assert.Single(queued.Descendants("Enqueue"));

        var heard = string.Join(" | ", TwilioClient.Heard(menu), heardChallenge, TwilioClient.Heard(queued));
        Assert.True(heard.Contains("le 17", StringComparison.Ordinal) && heard.Contains("112", StringComparison.Ordinal), "a caller who passed heard: " + heard);
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
