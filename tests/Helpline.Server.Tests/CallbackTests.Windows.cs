using System.Net.Http.Json;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

public sealed partial class CallbackTests
{
    /// <summary>
    /// "Cet après-midi" (14:00–17:00) asked at 10:00: nothing before 14:00 even with a worker free; at 14:00 her turn
    /// comes; past 17:00 (closing time, the window's end), never reached, the request ends as expired and her number is erased.
    /// </summary>
    [Fact]
    public async Task A_window_later_today_is_kept_until_it_opens_and_expires_when_it_ends()
    {
        await RequestCallbackAsync(window: "2");
        Assert.Equal("scheduled", await EntryStatusAsync(1));
        await SetStatusAsync("Alice", "available");
        Assert.Equal(0, await DispatchAsync());
        Assert.DoesNotContain(_rest.LogEntries, e => e.RequestMessage!.Path.EndsWith("/Calls.json", StringComparison.Ordinal));

        await SetStatusAsync("Alice", "pause");
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.FromHours(1)));
        await DispatchAsync();
        Assert.Equal("waiting", await EntryStatusAsync(1));

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.FromHours(1)));
        await DispatchAsync();
        Assert.Equal(("expired", null, 0), await RequestAsync(1));
        Assert.Equal("closed", await EntryStatusAsync(1));
    }

    /// <summary>On Christmas Eve (25 December is a public holiday), "demain matin" is not offered; "cet après-midi" is.</summary>
    [Fact]
    public async Task On_the_eve_of_a_public_holiday_tomorrow_morning_is_not_offered()
    {
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 24, 10, 0, 0, TimeSpan.FromHours(1)));

        var (sid, _, confirm) = await AskForCallbackAsync(Victim);
        var when = Heard(await PressAsync(confirm, sid, Victim, "1"));

        Assert.Contains("Dès que possible, tapez 1", when, StringComparison.Ordinal);
        Assert.Contains("Cet après-midi, entre 14 heures et 17 heures, tapez 2", when, StringComparison.Ordinal);
        Assert.DoesNotContain("Demain matin", when, StringComparison.Ordinal);
    }

    /// <summary>
    /// "As soon as possible" asked at 16:55 on the Friday before the clocks go forward, with Easter Monday a holiday: the
    /// window stored is Tuesday 09:00–17:00 Paris summer time (07:00–15:00 UTC), not the winter offset.
    /// </summary>
    [Fact]
    public async Task As_soon_as_possible_asked_before_a_clock_change_and_a_holiday_is_the_next_opening_in_paris_time()
    {
        _app.Time.SetUtcNow(new DateTimeOffset(2027, 3, 26, 16, 55, 0, TimeSpan.FromHours(1)));

        var (_, _, done) = await RequestCallbackAsync(window: "1");

        Assert.Contains("est enregistrée", Heard(done), StringComparison.Ordinal);
        await using var db = await _app.OpenDatabaseAsync();
        var (from, to) = await db.QuerySingleAsync<(DateTime, DateTime)>("select window_from, window_to from callback_requests where id = 1");
        Assert.Equal((new DateTime(2027, 3, 30, 7, 0, 0), new DateTime(2027, 3, 30, 15, 0, 0)), (from.ToUniversalTime(), to.ToUniversalTime()));
        Assert.Equal("scheduled", await EntryStatusAsync(1));
    }

    /// <summary>The operator closes the line (override): no call-back is made, though a worker is free and her window is open.</summary>
    [Fact]
    public async Task No_call_back_is_made_while_the_operator_has_closed_the_line()
    {
        await RequestCallbackAsync();
        using (var admin = Admin())
        {
            using var response = await admin.PutAsJsonAsync("/api/hours/override", new { mode = "closed", until = "2026-11-24T12:00", reason = "Formation" });
            Assert.True(response.IsSuccessStatusCode);
        }

        await SetStatusAsync("Alice", "available");
        Assert.Equal(0, await DispatchAsync());
        Assert.DoesNotContain(_rest.LogEntries, e => e.RequestMessage!.Path.EndsWith("/Calls.json", StringComparison.Ordinal));

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.FromHours(1)));
        // The closing has ended: the service's own dispatcher (woken by the clock) or the test's call places the
        // call-back, whichever runs first — so the test waits for the worker's call rather than counting one dispatch.
        var created = await WaitForCreatedCallAsync();
        Assert.Equal(Alice, created["To"]);
    }

    /// <summary>
    /// She cancels by calling again from the same phone (recognised by the keyed hash): key 1 at the start of the call
    /// cancels it, her number is erased, and the welcome goes on as for any call.
    /// </summary>
    [Fact]
    public async Task Calling_again_and_pressing_1_cancels_the_call_back_then_the_welcome_goes_on()
    {
        await RequestCallbackAsync(window: "3");
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();

        var offer = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, Victim));
        Assert.Equal("Vous avez demandé à être rappelée. Pour annuler ce rappel, tapez 1. Sinon, restez en ligne.", Heard(offer));
        var welcome = await PressAsync(offer, sid, Victim, "1");

        Assert.StartsWith("Votre demande de rappel est annulée. Bonjour, ici la ligne d'écoute", Heard(welcome), StringComparison.Ordinal);
        Assert.Equal(("cancelled", null, 0), await RequestAsync(1));
        Assert.Equal("closed", await EntryStatusAsync(1));
        var menu = await PressAsync(welcome, sid, Victim, "4");
        Assert.Single(menu.Descendants("Enqueue"));
    }

    [Fact]
    public async Task Calling_again_without_pressing_keeps_the_call_back_and_goes_on_to_the_welcome()
    {
        await RequestCallbackAsync(window: "3");
        var sid = TwilioClient.NewCallSid();

        var offer = await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, Victim));
        var welcome = await PressAsync(offer, sid, Victim, "");

        Assert.StartsWith("Bonjour, ici la ligne d'écoute", Heard(welcome), StringComparison.Ordinal);
        Assert.Equal("pending", (await RequestAsync(1)).Status);
    }

    [Fact]
    public async Task Another_caller_hears_no_cancel_offer()
    {
        await RequestCallbackAsync(window: "3");

        var welcome = await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(TwilioClient.NewCallSid(), "+33655667788"));

        Assert.StartsWith("Bonjour, ici la ligne d'écoute", Heard(welcome), StringComparison.Ordinal);
    }

    /// <summary>
    /// Her window ends while the worker hears the whisper: the worker's key dials nobody, the request ends as expired
    /// with its number erased, and the worker is free again with no miss counted (they did accept).
    /// </summary>
    [Fact]
    public async Task A_worker_accepting_after_her_window_ends_the_request_as_expired_and_is_freed()
    {
        await RequestCallbackAsync(window: "2");
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 16, 58, 0, TimeSpan.FromHours(1)));
        await SetStatusAsync("Alice", "available");
        var created = await WaitForCreatedCallAsync();
        var whisper = await _app.Twilio().TwimlAsync(Relative(created["Url"]), WorkerLeg(WorkerCall));

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 17, 2, 0, TimeSpan.FromHours(1)));
        var answer = await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(whisper, "Gather")!), WorkerLeg(WorkerCall, ("Digits", "1")));
        await _app.Twilio().PostAsync(Relative(created["StatusCallback"]), WorkerLeg(WorkerCall, ("CallStatus", "completed")));

        Assert.Empty(answer.Descendants("Dial"));
        Assert.Equal(("expired", null, 0), await RequestAsync(1));
        Assert.Equal("closed", await EntryStatusAsync(1));
        var alice = (await WorkersAsync()).Single(w => w.GetProperty("name").GetString() == "Alice");
        Assert.Equal("available", alice.GetProperty("status").GetString());
        Assert.Equal(0, alice.GetProperty("missedInARow").GetInt32());
    }

    /// <summary>
    /// The operator closes the line while the worker hears the whisper, inside her window: nobody is dialled, the
    /// request keeps its place and waits; the worker is free with no miss; once the line reopens she is called back.
    /// </summary>
    [Fact]
    public async Task A_worker_accepting_while_the_line_is_closed_does_not_dial_her_and_the_request_waits()
    {
        await RequestCallbackAsync();
        await SetStatusAsync("Alice", "available");
        var created = await WaitForCreatedCallAsync();
        var whisper = await _app.Twilio().TwimlAsync(Relative(created["Url"]), WorkerLeg(WorkerCall));
        using (var admin = Admin())
        {
            using var response = await admin.PutAsJsonAsync("/api/hours/override", new { mode = "closed", until = "2026-11-24T12:00", reason = "Formation" });
            Assert.True(response.IsSuccessStatusCode);
        }

        var answer = await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(whisper, "Gather")!), WorkerLeg(WorkerCall, ("Digits", "1")));
        await _app.Twilio().PostAsync(Relative(created["StatusCallback"]), WorkerLeg(WorkerCall, ("CallStatus", "completed")));

        Assert.Empty(answer.Descendants("Dial"));
        Assert.Equal(("pending", 0), await RequestAsync(1) is var r ? (r.Status, r.Attempts) : default);
        Assert.Equal("waiting", await EntryStatusAsync(1));
        var alice = (await WorkersAsync()).Single(w => w.GetProperty("name").GetString() == "Alice");
        Assert.Equal("available", alice.GetProperty("status").GetString());
        Assert.Equal(0, alice.GetProperty("missedInARow").GetInt32());

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.FromHours(1)));
        Assert.Equal(Alice, (await WaitForCreatedCallAsync(2))["To"]);
    }
}
