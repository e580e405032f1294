using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// Issue 14, flags and the hourly limit, through the real server and PostgreSQL: a blocked caller hears the emergency
/// numbers and the call ends (never the menu, never the queue), counted; a watched caller goes through; withheld or
/// unknown calls cannot be flagged; flags expire and are lifted; the caller over the hourly limit types the code the
/// line says before the queue — and never before the emergency keys.
/// No worker is configured: nobody is offered, so the queue can be read as the router sees it.
/// </summary>
public sealed partial class CallerPoliciesTests : IAsyncLifetime
{
    private readonly HelplineApp _app = new();

    public CallerPoliciesTests()
    {
        _app.Settings["Helpline:Callers:MaxCallsPerHour"] = "6";
    }

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_blocked_caller_hears_the_emergency_numbers_then_the_call_ends_without_menu_or_queue_and_is_counted()
    {
        const string abuser = "+33655000001";
        var earlier = await CallAndEndAsync(abuser);
        using var admin = Admin();
        using (var put = await admin.PutAsJsonAsync($"/api/callers/flags/{earlier}", new { kind = "blocked", reason = "harcelement-ecoutantes", note = "insultes" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var sid = TwilioClient.NewCallSid();
        var answer = await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, abuser));

        var heard = TwilioClient.Heard(answer);
        foreach (var number in new[] { "le 17", "112", "114", "39 19", "116 006" })
        {
            Assert.Contains(number, heard, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("bloqué", heard, StringComparison.OrdinalIgnoreCase); // an abuser must not learn it
        Assert.Empty(answer.Descendants("Gather"));
        Assert.Empty(answer.Descendants("Enqueue"));
        Assert.Equal("Hangup", answer.Root!.Elements().Last().Name.LocalName);
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal("blocked", await db.ExecuteScalarAsync<string>("select outcome from calls where call_sid = @sid", new { sid }));
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("select count(*) from queue_entries where call_sid = @sid", new { sid }));
        var flags = await admin.GetFromJsonAsync<JsonElement>("/api/callers/flags");
        var flag = Assert.Single(flags.EnumerateArray());
        Assert.Equal(1, flag.GetProperty("blockedCalls").GetInt32());
        Assert.Equal("Harcèlement des écoutantes", flag.GetProperty("reasonLabel").GetString());
        Assert.DoesNotContain(abuser[3..], flags.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(_app.Logs.Lines, line => line.Contains(abuser[3..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_caller_whose_flag_expired_or_was_lifted_reaches_the_menu_again()
    {
        const string expiring = "+33655000002", lifted = "+33655000003";
        using var admin = Admin();
        (await admin.PutAsJsonAsync($"/api/callers/flags/{await CallAndEndAsync(expiring)}", new { kind = "blocked", reason = "menaces", days = 1 })).Dispose();
        var liftedCall = await CallAndEndAsync(lifted);
        (await admin.PutAsJsonAsync($"/api/callers/flags/{liftedCall}", new { kind = "blocked", reason = "menaces" })).Dispose();
        Assert.DoesNotContain("tapez 4", await HeardOnCallingAsync(lifted), StringComparison.Ordinal);

        using (var delete = await admin.DeleteAsync($"/api/callers/flags/{liftedCall}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Contains("tapez 4", await HeardOnCallingAsync(lifted), StringComparison.Ordinal);
        Assert.DoesNotContain("tapez 4", await HeardOnCallingAsync(expiring), StringComparison.Ordinal);
        _app.Time.Advance(TimeSpan.FromDays(1)); // Wednesday 10:00: open
        Assert.Contains("tapez 4", await HeardOnCallingAsync(expiring), StringComparison.Ordinal);
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(["raised", "lifted"], await db.QueryAsync<string>(
            "select e.action from caller_flag_events e join caller_flags f on f.id = e.flag_id where f.call_sid = @liftedCall order by e.id", new { liftedCall }));
    }

    [Fact]
    public async Task A_watched_caller_goes_through_to_the_queue_with_her_call_tagged()
    {
        const string watched = "+33655000004";
        using var admin = Admin();
        (await admin.PutAsJsonAsync($"/api/callers/flags/{await CallAndEndAsync(watched)}", new { kind = "watch", reason = "agresseur-presume" })).Dispose();

        var (sid, queued) = await ChooseAsync(watched, "4");

        Assert.Single(queued.Descendants("Enqueue"));
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(["appelant-signale"], await db.ExecuteScalarAsync<string[]>("select tags from calls where call_sid = @sid", new { sid }) ?? ["(no row)"]);
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("select count(*) from queue_entries where call_sid = @sid and status = 'waiting'", new { sid }));
    }

    /// <summary>Inputs tried: a withheld caller (anonymous), an unknown CallSid, each bad field (days 0, negative, past the maximum, not a number; a review after the expiry or today), a list for a text, a body that is not JSON, no token.</summary>
    [Fact]
    public async Task Flags_that_cannot_be_raised_get_400_naming_the_field_and_store_nothing()
    {
        var withheld = await CallAndEndAsync("anonymous");
        var known = await CallAndEndAsync("+33655000005");
        using var admin = Admin();

        await AssertRefusedAsync(admin, withheld, new { kind = "blocked", reason = "menaces" }, "callSid", "withheld");
        await AssertRefusedAsync(admin, "CA" + new string('0', 32), new { kind = "blocked", reason = "menaces" }, "callSid", "no call");
        await AssertRefusedAsync(admin, known, new { kind = "ban", reason = "menaces" }, "kind", "blocked");
        await AssertRefusedAsync(admin, known, new { kind = "watch", reason = "parce-que" }, "reason", "harcelement-ecoutantes");
        await AssertRefusedAsync(admin, known, new { kind = "watch", reason = "menaces", days = 91 }, "days", "1 to 90");
        await AssertRefusedAsync(admin, known, new { kind = "watch", reason = "menaces", days = 10, reviewDays = 11 }, "reviewDays", "1 to 10");
        await AssertRefusedAsync(admin, known, new { kind = "watch", reason = "menaces", note = new string('x', 501) }, "note", "500");
        await AssertRefusedAsync(admin, known, new { kind = "watch", reason = "menaces", days = "dix" }, "days", "whole number");
        await AssertRefusedAsync(admin, known, new { kind = "watch", reason = "menaces", days = 0 }, "days", "1 to 90");
        await AssertRefusedAsync(admin, known, new { kind = "watch", reason = "menaces", days = -3 }, "days", "1 to 90");
        await AssertRefusedAsync(admin, known, new { kind = "watch", reason = "menaces", reviewDays = 0 }, "reviewDays", "1 to 30");
        await AssertRefusedAsync(admin, known, new { kind = new[] { "watch" }, reason = "menaces" }, "kind", "JSON string");
        using (var notJson = await admin.PutAsync($"/api/callers/flags/{known}", new StringContent("{kind:", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
            Assert.Contains("body", await notJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var anonymous = _app.CreateClient();
        using (var noToken = await anonymous.PutAsJsonAsync($"/api/callers/flags/{known}", new { kind = "watch", reason = "menaces" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        }

        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("select count(*) from caller_flags"));
    }

    [Fact]
    public async Task A_proposal_acts_only_once_confirmed_and_each_decision_applies_once()
    {
        const string caller = "+33655000006";
        var call = await CallAndEndAsync(caller);
        await using var db = await _app.OpenDatabaseAsync();
        var id = await db.ExecuteScalarAsync<long>(
            "insert into caller_flags (caller_hash, kind, reason, status, call_sid, created_by, created_at, expires_at, review_at) " +
            "select caller_hash, 'watch', 'menaces', 'proposed', call_sid, 'Alice', now(), now() + interval '30 days', now() + interval '7 days' from calls where call_sid = @call returning id", new { call });
        Assert.DoesNotContain("Nous ne pouvons pas donner suite", await HeardOnCallingAsync(caller), StringComparison.Ordinal);

        using var admin = Admin();
        using (var confirm = await admin.PostAsJsonAsync($"/api/callers/flags/{id}/confirm", new { kind = "blocked" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        }

        using (var again = await admin.PostAsync($"/api/callers/flags/{id}/reject", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using (var unknown = await admin.PostAsync("/api/callers/flags/999999/lift", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var afterConfirm = await HeardOnCallingAsync(caller);
        Assert.True(afterConfirm.Contains("Nous ne pouvons pas donner suite", StringComparison.Ordinal), afterConfirm + " | " + string.Join(";", await db.QueryAsync<string>("select status || kind || expires_at::text from caller_flags")));
        var detail = await admin.GetFromJsonAsync<JsonElement>($"/api/callers/flags/{id}");
        Assert.Equal("blocked", detail.GetProperty("flag").GetProperty("kind").GetString());
        Assert.Equal(["confirmed"], detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Equal("api", detail.GetProperty("history")[0].GetProperty("actor").GetString());
    }

    /// <summary>
    /// The seventh call within an hour from one number: the menu as usual, keys 1 to 3 straight to their transfer, key 4
    /// to the keypad challenge; a wrong code is asked again, the right one queues her.
    /// </summary>
    [Fact]
    public async Task The_call_over_the_hourly_limit_types_the_spoken_code_before_the_queue_but_never_before_the_emergency_keys()
    {
        const string caller = "+33655000007";
        for (var i = 0; i < 6; i++)
        {
            await CallAndEndAsync(caller);
        }

        var (_, police) = await ChooseAsync(caller, "1");
        Assert.Equal("17", police.Descendants("Dial").Single().Value.Trim());
        var (_, housing) = await ChooseAsync(caller, "2");
        Assert.Equal("115", housing.Descendants("Dial").Single().Value.Trim());

        var (sid, challenge) = await ChooseAsync(caller, "4");
        Assert.Empty(challenge.Descendants("Enqueue"));
        var code = SpokenCode(challenge);
        var retry = await AnswerAsync(challenge, sid, Wrong(code));
        Assert.StartsWith("Ce code n'est pas le bon.", TwilioClient.Heard(retry), StringComparison.Ordinal);
        Assert.Equal(code, SpokenCode(retry));
        var queued = await AnswerAsync(retry, sid, code);

        Assert.Single(queued.Descendants("Enqueue"));
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(("passed", 1L), await db.QuerySingleAsync<(string, long)>(
            "select challenge, (select count(*) from queue_entries where call_sid = @sid and status = 'waiting') from calls where call_sid = @sid", new { sid }));
        Assert.Contains(_app.Logs.Lines, line => line.Contains("over the limit of 6", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Three_wrong_codes_end_the_call_with_the_emergency_numbers_and_she_is_never_queued()
    {
        const string caller = "+33655000008";
        for (var i = 0; i < 6; i++)
        {
            await CallAndEndAsync(caller);
        }

        var (sid, twiml) = await ChooseAsync(caller, "4");
        var code = SpokenCode(twiml);
        twiml = await AnswerAsync(twiml, sid, Wrong(code));
        twiml = await AnswerAsync(twiml, sid, string.Empty); // no key before the timeout
        var failed = await AnswerAsync(twiml, sid, Wrong(code));

        var heard = TwilioClient.Heard(failed);
        Assert.Contains("le 17", heard, StringComparison.Ordinal);
        Assert.Contains("114", heard, StringComparison.Ordinal);
        Assert.Equal("Hangup", failed.Root!.Elements().Last().Name.LocalName);
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(("failed", "challenge-failed", 0L), await db.QuerySingleAsync<(string, string, long)>(
            "select challenge, outcome, (select count(*) from queue_entries where call_sid = @sid) from calls where call_sid = @sid", new { sid }));
    }

    /// <summary>The sixth call of the hour is not over the limit; a withheld caller is never counted (no hash).</summary>
    [Theory]
    [InlineData("+33655000009", 5)]
    [InlineData("anonymous", 12)]
    public async Task Calls_up_to_the_hourly_limit_and_withheld_callers_go_straight_to_the_queue(string from, int before)
    {
        for (var i = 0; i < before; i++)
        {
            await CallAndEndAsync(from);
        }

        var (_, queued) = await ChooseAsync(from, "4");

        Assert.Single(queued.Descendants("Enqueue"));
    }

    [Fact]
    public async Task A_repeated_challenge_webhook_gets_the_same_answer_and_queues_her_once()
    {
        const string caller = "+33655000010";
        for (var i = 0; i < 6; i++)
        {
            await CallAndEndAsync(caller);
        }

        var (sid, challenge) = await ChooseAsync(caller, "4");
        var code = SpokenCode(challenge);
        var first = await AnswerAsync(challenge, sid, code);
        var repeat = await AnswerAsync(challenge, sid, code);

        Assert.Equal(first.ToString(), repeat.ToString());
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("select count(*) from queue_entries where call_sid = @sid", new { sid }));
    }

    private static async Task AssertRefusedAsync(HttpClient admin, string callSid, object body, string field, string says)
    {
        using var response = await admin.PutAsJsonAsync($"/api/callers/flags/{callSid}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {(int)response.StatusCode} {text}");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.Contains(says, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    private HttpClient Admin()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _app.AdminTokenInUse);
        return client;
    }

    /// <summary>A call from <paramref name="from"/> that hears the menu, then hangs up; returns its CallSid.</summary>
    private async Task<string> CallAndEndAsync(string from)
    {
        var sid = TwilioClient.NewCallSid();
        await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, from));
        using var status = await _app.Twilio().PostAsync("/voice/status", TwilioClient.Step(sid, ("CallStatus", "completed"), ("CallDuration", "20")));
        Assert.True(status.IsSuccessStatusCode);
        return sid;
    }

    private async Task<string> HeardOnCallingAsync(string from)
    {
        var sid = TwilioClient.NewCallSid();
        var heard = TwilioClient.Heard(await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, from)));
        (await _app.Twilio().PostAsync("/voice/status", TwilioClient.Step(sid, ("CallStatus", "completed"), ("CallDuration", "5")))).Dispose();
        return heard;
    }

    private async Task<(string Sid, XDocument Answer)> ChooseAsync(string from, string key)
    {
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, from));
        return (sid, await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("From", from), ("Digits", key))));
    }

    private async Task<XDocument> AnswerAsync(XDocument challenge, string sid, string digits)
    {
        var action = TwilioClient.Action(challenge, "Gather")!;
        Assert.Contains("/voice/challenge", action, StringComparison.Ordinal);
        return await _app.Twilio().TwimlAsync(_app.Twilio().Relative(action), TwilioClient.Step(sid, ("Digits", digits)));
    }

    /// <summary>The code as the caller hears it: "tapez le code 4, 7, 2." gives 472.</summary>
    private static string SpokenCode(XDocument twiml)
    {
        var match = CodeSpoken().Match(TwilioClient.Heard(twiml));
        Assert.True(match.Success, "no code heard in: " + TwilioClient.Heard(twiml));
        return match.Groups[1].Value + match.Groups[2].Value + match.Groups[3].Value;
    }

    private static string Wrong(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1000).ToString("000", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"tapez le code (\d), (\d), (\d)\.")]
    private static partial Regex CodeSpoken();
}
