using System.Net;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

public sealed partial class CallbackTests
{
    private const string WorkerCall = "CA0000000000000000000000000000aa01";

    /// <summary>
    /// Agent-first: when her turn comes, the worker's phone is called from the helpline's number; the whisper says it is
    /// a call-back (its number, the menu choice, her window, no message); key 1 dials her with the caller ID she agreed
    /// to, answerOnBridge and machine detection; bridged, the request ends as reached and the worker wraps up. Her
    /// number is then nowhere: not in any table, not in the logs.
    /// </summary>
    [Fact]
    public async Task Her_turn_calls_the_worker_first_who_accepts_and_reaches_her_then_her_number_is_nowhere()
    {
        await RequestCallbackAsync();
        await SetStatusAsync("Alice", "available");

        var created = await WaitForCreatedCallAsync();
        Assert.Equal((Alice, Helpline), (created["To"], created["From"]));
        Assert.StartsWith(HelplineApp.PublicBaseUrl + "/voice/callback/worker?request=1&worker=1&offer=1", created["Url"], StringComparison.Ordinal);
        Assert.StartsWith(HelplineApp.PublicBaseUrl + "/voice/callback/worker-status?", created["StatusCallback"], StringComparison.Ordinal);
        Assert.DoesNotContain("611223344", string.Join("&", created.Values), StringComparison.Ordinal);

        var whisper = await _app.Twilio().TwimlAsync(Relative(created["Url"]), WorkerLeg(WorkerCall));
        Assert.Contains("Rappel numéro 1, demandé avec l'accord de la personne. Choix du menu : 4.", Heard(whisper), StringComparison.Ordinal);
        Assert.Contains("Fenêtre : dès que possible, pendant nos heures d'ouverture.", Heard(whisper), StringComparison.Ordinal);
        Assert.Contains("Ne laissez aucun message, à personne.", Heard(whisper), StringComparison.Ordinal);
        Assert.Equal("on-call", await WorkerStatusAsync("Alice"));

        var dial = await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(whisper, "Gather")!), WorkerLeg(WorkerCall, ("Digits", "1")));
        var number = dial.Descendants("Number").Single();
        Assert.Equal(Victim, number.Value);
        var dialElement = dial.Descendants("Dial").Single();
        Assert.Equal((Helpline, "true"), (dialElement.Attribute("callerId")?.Value, dialElement.Attribute("answerOnBridge")?.Value));
        Assert.Equal("Enable", number.Attribute("machineDetection")?.Value);
        var callee = await _app.Twilio().TwimlAsync(Relative(number.Attribute("url")!.Value), WorkerLeg("CA0000000000000000000000000000bb01", ("AnsweredBy", "human")));
        Assert.Empty(callee.Root!.Elements()); // a person: bridged at once
        await _app.Twilio().TwimlAsync(Relative(dialElement.Attribute("action")!.Value),
            WorkerLeg(WorkerCall, ("DialCallStatus", "completed"), ("DialBridged", "true"), ("DialCallDuration", "400")));
        await _app.Twilio().PostAsync(Relative(created["StatusCallback"]), WorkerLeg(WorkerCall, ("CallStatus", "completed")));

        Assert.Equal(("reached", null, 1), await RequestAsync(1));
        Assert.Equal("answered", await EntryStatusAsync(1));
        Assert.Equal("wrap-up", await WorkerStatusAsync("Alice"));
        await AssertNumberIsNowhereAsync("611223344");
    }

    /// <summary>A machine answers and she agreed to no message: nothing is said, the attempt is not a reach; she is tried again later in her window.</summary>
    [Fact]
    public async Task An_answering_machine_gets_nothing_without_her_consent_and_she_is_tried_again_later()
    {
        await RequestCallbackAsync();
        await SetStatusAsync("Alice", "available");
        var (dial, _) = await WorkerAcceptsAsync(1);
        var number = dial.Descendants("Number").Single();

        var callee = await _app.Twilio().TwimlAsync(Relative(number.Attribute("url")!.Value), WorkerLeg("CA0000000000000000000000000000bb02", ("AnsweredBy", "machine_end_beep")));
        Assert.Equal(string.Empty, Heard(callee));
        Assert.Single(callee.Descendants("Hangup"));
        var result = await _app.Twilio().TwimlAsync(Relative(dial.Descendants("Dial").Single().Attribute("action")!.Value),
            WorkerLeg(WorkerCall, ("DialCallStatus", "completed"), ("DialBridged", "false")));

        Assert.Contains("La personne n'a pas été jointe", Heard(result), StringComparison.Ordinal);
        Assert.Equal(("pending", true, 1), (await RequestAsync(1)) is var r ? (r.Status, r.Number is not null, r.Attempts) : default);
        Assert.Equal("scheduled", await EntryStatusAsync(1));
        Assert.Equal("available", await WorkerStatusAsync("Alice")); // she called: no miss
    }

    /// <summary>With her consent, the machine gets the flow's neutral message, which never names the service.</summary>
    [Fact]
    public async Task With_her_consent_a_machine_gets_the_neutral_message_that_never_names_the_service()
    {
        await RequestCallbackAsync(message: "1");
        await SetStatusAsync("Alice", "available");
        var (dial, whisper) = await WorkerAcceptsAsync(1);
        Assert.Contains("Un message neutre peut être laissé", Heard(whisper), StringComparison.Ordinal);

        var callee = await _app.Twilio().TwimlAsync(Relative(dial.Descendants("Number").Single().Attribute("url")!.Value),
            WorkerLeg("CA0000000000000000000000000000bb03", ("AnsweredBy", "machine_start")));

        var said = Heard(callee);
        Assert.Equal("Bonjour, nous avons essayé de vous joindre. Nous rappellerons plus tard. Au revoir.", said);
        foreach (var word in new[] { "écoute", "violence", "victime", "département", "ligne" })
        {
            Assert.DoesNotContain(word, said, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Not reached twice (MaxAttempts 2, RetryMinutes 15): the request ends as not reached and her number is erased.</summary>
    [Fact]
    public async Task Not_reached_after_the_attempts_allowed_the_request_ends_and_her_number_is_erased()
    {
        await RequestCallbackAsync();
        await SetStatusAsync("Alice", "available");
        var (dial, _) = await WorkerAcceptsAsync(1);
        await DialEndsAsync(dial, "no-answer");
        Assert.Equal("scheduled", await EntryStatusAsync(1));
        Assert.Equal(0, await DispatchAsync()); // not before the retry time

        _app.Time.Advance(TimeSpan.FromMinutes(15));
        var (second, _) = await WorkerAcceptsAsync(2);
        await DialEndsAsync(second, "busy");

        Assert.Equal(("not-reached", null, 2), await RequestAsync(1));
        Assert.Equal("closed", await EntryStatusAsync(1));
        Assert.Equal(0, await DispatchAsync());
        await AssertNumberIsNowhereAsync("611223344");
    }

    /// <summary>A worker who does not answer the call we placed is a missed offer: the request goes back to the front, the worker counts a miss.</summary>
    [Fact]
    public async Task A_worker_who_does_not_answer_misses_the_offer_and_the_request_goes_back_to_the_front()
    {
        await RequestCallbackAsync();
        await SetStatusAsync("Alice", "available");
        var created = await WaitForCreatedCallAsync();

        await _app.Twilio().PostAsync(Relative(created["StatusCallback"]), WorkerLeg(WorkerCall, ("CallStatus", "no-answer")));

        await using var db = await _app.OpenDatabaseAsync();
        var alice = (await WorkersAsync()).Single(w => w.GetProperty("name").GetString() == "Alice");
        Assert.Equal(1, alice.GetProperty("missedInARow").GetInt32());
        Assert.Contains(await EntryStatusAsync(1), new[] { "waiting", "offered" }); // back in line, offered again at once
        Assert.Equal(("pending", 0), (await RequestAsync(1)) is var r ? (r.Status, r.Attempts) : default);
    }

    /// <summary>A worker who picks up but does not press 1 missed the offer too (and is never connected to her).</summary>
    [Fact]
    public async Task A_worker_who_does_not_accept_misses_the_offer_and_she_is_not_dialled()
    {
        await RequestCallbackAsync();
        await SetStatusAsync("Alice", "available");
        var created = await WaitForCreatedCallAsync();
        var whisper = await _app.Twilio().TwimlAsync(Relative(created["Url"]), WorkerLeg(WorkerCall));

        var answer = await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(whisper, "Gather")!), WorkerLeg(WorkerCall, ("Digits", "")));

        Assert.Empty(answer.Descendants("Dial"));
        Assert.Equal(("pending", 0), (await RequestAsync(1)) is var r ? (r.Status, r.Attempts) : default);
        Assert.Equal(1, (await WorkersAsync()).Single(w => w.GetProperty("name").GetString() == "Alice").GetProperty("missedInARow").GetInt32());
    }

    /// <summary>The provider's REST API failing: retried with backoff, the worker released, the request keeps its place.</summary>
    [Fact]
    public async Task The_provider_failing_keeps_the_request_and_releases_the_worker()
    {
        RespondToCalls(500, "{\"code\":20500,\"message\":\"Internal Server Error\",\"status\":500}");
        await RequestCallbackAsync();
        await SetStatusAsync("Alice", "available");

        await WaitForCreatedCallAsync(count: 4); // one try and three retries
        await Eventually.WaitForAsync(async () => await WorkerStatusAsync("Alice") == "available" && await EntryStatusAsync(1) == "waiting");
        Assert.Equal(("pending", 0), (await RequestAsync(1)) is var r ? (r.Status, r.Attempts) : default);
    }

    /// <summary>Every webhook of the outbound legs is signature-checked: forged, they get 403 and change nothing.</summary>
    [Theory]
    [InlineData("/voice/callback/worker?request=1&worker=1&offer=1")]
    [InlineData("/voice/callback/accept?request=1&worker=1&offer=1")]
    [InlineData("/voice/callback/callee?request=1&worker=1&offer=1&msg=1")]
    [InlineData("/voice/callback/result?request=1&worker=1&offer=1")]
    [InlineData("/voice/callback/worker-status?request=1&worker=1&offer=1")]
    [InlineData("/voice/callback?flow=x&state=file-ecoutantes&step=2&replays=0&cb=offer")]
    [InlineData("/voice/callback/cancel?flow=x&state=accueil&step=1&replays=0&request=1")]
    public async Task A_forged_webhook_of_a_call_back_leg_is_refused(string pathAndQuery)
    {
        using var response = await _app.Twilio().PostAsync(pathAndQuery, WorkerLeg(WorkerCall, ("Digits", "1")), signatureOverride: "forged=");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>The worker's call placed, picked up, whispered and accepted; returns the dial to her and the whisper.</summary>
    private async Task<(System.Xml.Linq.XDocument Dial, System.Xml.Linq.XDocument Whisper)> WorkerAcceptsAsync(int offerCount)
    {
        var created = await WaitForCreatedCallAsync(offerCount);
        var whisper = await _app.Twilio().TwimlAsync(Relative(created["Url"]), WorkerLeg(WorkerCall));
        var dial = await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(whisper, "Gather")!), WorkerLeg(WorkerCall, ("Digits", "1")));
        Assert.Single(dial.Descendants("Number"));
        return (dial, whisper);
    }

    private Task DialEndsAsync(System.Xml.Linq.XDocument dial, string status) =>
        _app.Twilio().TwimlAsync(Relative(dial.Descendants("Dial").Single().Attribute("action")!.Value), WorkerLeg(WorkerCall, ("DialCallStatus", status)));

    private async Task<string?> WorkerStatusAsync(string name) =>
        (await WorkersAsync()).Single(w => w.GetProperty("name").GetString() == name).GetProperty("status").GetString();

    /// <summary>
    /// Searches every column of every table (text, json and arrays as text) and every log line for <paramref name="digits"/>
    /// (the number without its prefix, so +33…, 0… and spaced forms are all caught as long as the digits follow each other).
    /// </summary>
    private async Task AssertNumberIsNowhereAsync(string digits)
    {
        await using var db = await _app.OpenDatabaseAsync();
        var columns = await db.QueryAsync<(string Table, string Column)>(
            "select table_name, column_name from information_schema.columns where table_schema = 'public' " +
            "and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'xml')");
        foreach (var (table, column) in columns)
        {
            var found = await db.ExecuteScalarAsync<long>($"select count(*) from \"{table}\" where regexp_replace(\"{column}\"::text, '[^0-9]', '', 'g') like '%' || @digits || '%'", new { digits });
            Assert.True(found == 0, $"the number is still in {table}.{column}");
        }

        // In the logs, in any of the forms it could be written in: digits, E.164, spaced or comma-separated pairs.
        var pairs = string.Join(" ", Enumerable.Range(0, 4).Select(i => digits.Substring(1 + (2 * i), 2)));
        foreach (var form in new[] { digits, pairs, pairs.Replace(" ", ", ", StringComparison.Ordinal), pairs.Replace(" ", ".", StringComparison.Ordinal) })
        {
            Assert.DoesNotContain(_app.Logs.Lines, l => l.Contains(form, StringComparison.Ordinal));
        }
    }
}
