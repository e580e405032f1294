using System.Net;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// Whole calls through the real server and PostgreSQL, the provider played by <see cref="TwilioClient"/>: signed,
/// unsigned and tampered requests, retries, every step of the menu, hang-ups and malformed input.
/// </summary>
public sealed class VoiceWebhookTests(HelplineApp app) : IClassFixture<HelplineApp>
{
    private readonly TwilioClient _twilio = app.Twilio();

    [Fact]
    public async Task Signed_incoming_call_in_opening_hours_gets_the_menu()
    {
        var sid = TwilioClient.NewCallSid();

        var twiml = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));

        var gather = Assert.Single(twiml.Descendants("Gather"));
        Assert.Equal("1", gather.Attribute("numDigits")?.Value);
        Assert.StartsWith(HelplineApp.PublicBaseUrl + "/voice/gather?", gather.Attribute("action")?.Value, StringComparison.Ordinal);
        Assert.Contains("tapez 1", TwilioClient.Heard(twiml), StringComparison.Ordinal);
        var call = await CallAsync(sid);
        Assert.Equal(("accueil", 1, "un-premier-pas"), (call.state, call.step, call.flow_name));
    }

    [Fact]
    public async Task Unsigned_request_is_forbidden_and_changes_nothing()
    {
        var sid = TwilioClient.NewCallSid();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/voice/incoming") { Content = new FormUrlEncodedContent(TwilioClient.Incoming(sid)) };

        using var response = await _twilio.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await CountAsync("select count(*) from calls where call_sid = @sid", sid));
    }

    [Theory]
    [InlineData("changed value")]
    [InlineData("added field")]
    [InlineData("wrong token")]
    [InlineData("other url")]
    [InlineData("garbage signature")]
    public async Task Tampered_request_is_forbidden(string tampering)
    {
        var sid = TwilioClient.NewCallSid();
        var form = TwilioClient.Incoming(sid);
        var signed = new Dictionary<string, string>(form);
        var url = HelplineApp.PublicBaseUrl + "/voice/incoming";
        string? signature = null;
        switch (tampering)
        {
            case "changed value": form["From"] = "+33699999999"; break;
            case "added field": form["Digits"] = "1"; break;
            case "wrong token": signature = Sign("another-token", url, signed); break;
            case "other url": signature = Sign(HelplineApp.AuthToken, HelplineApp.PublicBaseUrl + "/voice/status", signed); break;
            default: signature = "AAAAAAAAAAAAAAAAAAAAAAAAAAA="; break;
        }

        signature ??= Sign(HelplineApp.AuthToken, url, signed);
        using var response = await _twilio.PostAsync("/voice/incoming", form, signature);

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, tampering);
        Assert.Equal(0, await CountAsync("select count(*) from calls where call_sid = @sid", sid));
    }

    [Fact]
    public async Task Provider_retry_of_incoming_gets_the_same_answer_and_no_second_call()
    {
        var sid = TwilioClient.NewCallSid();
        var first = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var events = await CountAsync("select count(*) from call_events where call_sid = @sid", sid);

        var second = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));

        Assert.Equal(first.ToString(), second.ToString());
        Assert.Equal(1, await CountAsync("select count(*) from calls where call_sid = @sid", sid));
        Assert.Equal(events, await CountAsync("select count(*) from call_events where call_sid = @sid", sid));
    }

    [Fact]
    public async Task Call_in_flight_during_an_upgrade_goes_on_with_the_step_url_an_earlier_build_handed_out()
    {
        var sid = TwilioClient.NewCallSid();
        var menu = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var action = new Uri(TwilioClient.Action(menu, "Gather")!);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(action.Query);
        // The same step as an earlier build wrote it: one-letter keys.
        var legacy = $"/voice/gather?f={query["flow"]}&st={Uri.EscapeDataString(query["state"]!)}&s={query["step"]}&a={query["replays"]}";

        var queued = await _twilio.TwimlAsync(legacy, TwilioClient.Step(sid, ("Digits", "4")));

        Assert.Single(queued.Descendants("Enqueue"));
        Assert.Contains("state=file-ecoutantes", TwilioClient.Action(queued, "Enqueue"), StringComparison.Ordinal); // and it goes on with today's keys
        Assert.Equal(2, (await CallAsync(sid)).step);
    }

    [Fact]
    public async Task Choice_1_says_17_then_dials_it_and_a_busy_line_repeats_the_number()
    {
        var sid = TwilioClient.NewCallSid();
        var menu = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));

        var transfer = await _twilio.TwimlAsync(_twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", "1")));
        Assert.Contains("le 17", TwilioClient.Heard(transfer), StringComparison.Ordinal);
        Assert.Equal("17", transfer.Descendants("Dial").Single().Value.Trim());

        var failed = await _twilio.TwimlAsync(_twilio.Relative(TwilioClient.Action(transfer, "Dial")!), TwilioClient.Step(sid, ("DialCallStatus", "busy")));
        Assert.Contains("composez vous-même le 17", TwilioClient.Heard(failed), StringComparison.Ordinal);
        Assert.Single(failed.Descendants("Hangup"));
        var call = await CallAsync(sid);
        Assert.Equal(("fin", 3, "transfer-busy:police"), (call.state, call.step, call.outcome));
    }

    [Fact]
    public async Task Repeated_gather_webhook_does_not_fire_twice()
    {
        var sid = TwilioClient.NewCallSid();
        var menu = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var action = _twilio.Relative(TwilioClient.Action(menu, "Gather")!);

        var first = await _twilio.TwimlAsync(action, TwilioClient.Step(sid, ("Digits", "")));
        var again = await _twilio.TwimlAsync(action, TwilioClient.Step(sid, ("Digits", "")));

        Assert.Equal(first.ToString(), again.ToString());
        var call = await CallAsync(sid);
        Assert.Equal(("accueil", 2, 1), (call.state, call.step, call.attempt));
    }

    [Fact]
    public async Task Concurrent_copies_of_one_webhook_advance_the_call_once()
    {
        var sid = TwilioClient.NewCallSid();
        var menu = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var action = _twilio.Relative(TwilioClient.Action(menu, "Gather")!);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _twilio.TwimlAsync(action, TwilioClient.Step(sid, ("Digits", "2")))));

        Assert.All(answers, a => Assert.Equal(answers[0].ToString(), a.ToString()));
        Assert.Equal(1, await CountAsync("select count(*) from call_events where call_sid = @sid and kind = 'webhook:gather'", sid));
        Assert.Equal(2, (await CallAsync(sid)).step);
    }

    [Fact]
    public async Task No_key_three_times_joins_the_queue_and_with_nobody_logged_in_overflows_to_3919_after_the_short_grace()
    {
        var sid = TwilioClient.NewCallSid();
        var twiml = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        for (var i = 0; i < 3; i++)
        {
            twiml = await _twilio.TwimlAsync(_twilio.Relative(TwilioClient.Action(twiml, "Gather")!), TwilioClient.Step(sid, ("Digits", "")));
        }

        var enqueue = Assert.Single(twiml.Descendants("Enqueue"));
        var wait = _twilio.Relative(enqueue.Attribute("waitUrl")!.Value);
        var hold = await _twilio.TwimlAsync(wait, TwilioClient.Step(sid, ("QueueTime", "3"), ("QueuePosition", "1")));
        Assert.Empty(hold.Descendants("Leave"));
        Assert.DoesNotContain("Attente estimée", TwilioClient.Heard(hold), StringComparison.Ordinal); // nobody can come: no estimate
        var leave = await _twilio.TwimlAsync(wait, TwilioClient.Step(sid, ("QueueTime", "30"), ("QueuePosition", "1")));
        Assert.Single(leave.Descendants("Leave"));

        var overflow = await _twilio.TwimlAsync(_twilio.Relative(enqueue.Attribute("action")!.Value), TwilioClient.Step(sid, ("QueueResult", "leave"), ("QueueTime", "30")));
        Assert.Contains("39 19", TwilioClient.Heard(overflow), StringComparison.Ordinal);
        Assert.Equal("3919", overflow.Descendants("Dial").Single().Value.Trim());
        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal("overflowed", await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }));
    }

    [Fact]
    public async Task Caller_hanging_up_mid_menu_closes_the_call_as_abandoned()
    {
        var sid = TwilioClient.NewCallSid();
        await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));

        using var response = await _twilio.PostAsync("/voice/status", TwilioClient.Step(sid, ("CallStatus", "completed"), ("CallDuration", "7"), ("SequenceNumber", "0")));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var call = await CallAsync(sid);
        Assert.Equal(("abandoned", "completed", 7), (call.outcome, call.provider_status, call.duration_seconds));
        Assert.NotNull(call.ended_at);
    }

    [Fact]
    public async Task Repeated_status_callback_keeps_the_first_result()
    {
        var sid = TwilioClient.NewCallSid();
        await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        (await _twilio.PostAsync("/voice/status", TwilioClient.Step(sid, ("CallStatus", "completed"), ("CallDuration", "7")))).Dispose();

        (await _twilio.PostAsync("/voice/status", TwilioClient.Step(sid, ("CallStatus", "completed"), ("CallDuration", "99")))).Dispose();

        Assert.Equal(7, (await CallAsync(sid)).duration_seconds);
    }

    [Fact]
    public async Task Caller_number_is_stored_only_as_a_keyed_hash()
    {
        var sid = TwilioClient.NewCallSid();
        const string number = "+33611223344";
        await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, number));

        var call = await CallAsync(sid);
        Assert.Null(call.caller_number);
        Assert.Matches("^[0-9a-f]{64}$", call.caller_hash);
        await using var db = await app.OpenDatabaseAsync();
        var dump = string.Join("\n", await db.QueryAsync<string>("select row_to_json(c)::text from calls c union all select row_to_json(e)::text from call_events e"));
        Assert.DoesNotContain("611223344", dump, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no CallSid")]
    [InlineData("malformed CallSid")]
    [InlineData("empty form")]
    public async Task Signed_but_malformed_webhook_gets_the_emergency_message_not_an_error(string malformation)
    {
        var form = TwilioClient.Incoming(TwilioClient.NewCallSid());
        switch (malformation)
        {
            case "no CallSid": form.Remove("CallSid"); break;
            case "malformed CallSid": form["CallSid"] = "CA'; drop table calls; --"; break;
            default: form.Clear(); break;
        }

        var twiml = await _twilio.TwimlAsync("/voice/incoming", form);

        Assert.Contains("17", TwilioClient.Heard(twiml), StringComparison.Ordinal);
        Assert.Equal("3919", twiml.Descendants("Dial").Single().Value.Trim());
    }

    [Theory]
    [InlineData("/voice/gather")]
    [InlineData("/voice/gather?f=deadbeef&st=accueil&s=1&a=0")]
    [InlineData("/voice/gather?f=x&st=accueil&s=-4&a=0")]
    [InlineData("/voice/dial?s=abc")]
    [InlineData("/voice/queue?f=&st=&s=&a=")]
    public async Task Damaged_step_url_gets_the_emergency_message(string pathAndQuery)
    {
        var twiml = await _twilio.TwimlAsync(pathAndQuery, TwilioClient.Step(TwilioClient.NewCallSid(), ("Digits", "1")));

        Assert.Contains("39 19", TwilioClient.Heard(twiml), StringComparison.Ordinal);
        Assert.NotEmpty(twiml.Descendants("Dial"));
    }

    [Theory]
    [InlineData("application/json", "{\"CallSid\": \"CA1\"}")]
    [InlineData("application/x-www-form-urlencoded", "%%%=&&&=%ZZ")]
    [InlineData("text/plain", "hello")]
    [InlineData("application/x-www-form-urlencoded", "")]
    public async Task Unsigned_malformed_body_is_forbidden_not_a_server_error(string contentType, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/voice/incoming") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await _twilio.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Very_long_field_values_do_not_break_the_call()
    {
        var sid = TwilioClient.NewCallSid();
        var form = TwilioClient.Incoming(sid);
        // 8,000 characters (48 kB encoded): far past the 1,024 a field may hold, still under the 64 KiB body limit
        // (a larger body is refused with 413: RequestLimitsTests).
        form["CallerName"] = new string('é', 8_000);

        var twiml = await _twilio.TwimlAsync("/voice/incoming", form);

        Assert.Single(twiml.Descendants("Gather"));
    }

    [Fact]
    public async Task Get_on_a_webhook_is_not_allowed()
    {
        using var response = await _twilio.Http.GetAsync("/voice/incoming");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Recorded_prompt_is_served_and_paths_outside_the_folder_are_not()
    {
        using var ok = await _twilio.Http.GetAsync("/prompts/accueil.wav");
        using var outside = await _twilio.Http.GetAsync("/prompts/..%2F..%2Fappsettings.json");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("audio/wav", ok.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }

    private static string Sign(string token, string url, IDictionary<string, string> form) =>
        Helpline.Twilio.Security.RequestValidator.ComputeSignature(token, url, form.Select(kv => new KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>(kv.Key, kv.Value)));

    private async Task<long> CountAsync(string sql, string sid)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<long>(sql, new { sid });
    }

    private async Task<CallRow> CallAsync(string sid)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.QuerySingleAsync<CallRow>("select state, step, attempt, flow_name, outcome, provider_status, duration_seconds, ended_at, caller_hash, caller_number from calls where call_sid = @sid", new { sid });
    }

    private sealed record CallRow(string state, int step, int attempt, string flow_name, string? outcome, string? provider_status, int? duration_seconds, DateTime? ended_at, string? caller_hash, string? caller_number);
}
