using System.Net.Http.Json;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>Faults found reviewing issue 13 (branch review13): each test fails on main.</summary>
public sealed partial class CallbackTests
{
    /// <summary>
    /// She cancels (calls again, key 1) while the worker's phone has been picked up and the whisper is playing: the
    /// request is cancelled and its number erased, but its queue entry is left 'picked-up' (CancelAsync closes only
    /// scheduled/waiting/offered). When the worker's leg ends, WorkerLegEndedAsync treats it as a missed offer: the
    /// worker counts a miss (autopause) and the cancelled request goes back to 'waiting', so the dispatcher calls a
    /// worker again for a request that no longer exists.
    /// </summary>
    [Fact]
    public async Task Review_a_cancel_during_the_whisper_neither_resurrects_the_request_nor_counts_a_miss()
    {
        await RequestCallbackAsync();
        await SetStatusAsync("Alice", "available");
        var created = await WaitForCreatedCallAsync();
        var whisper = await _app.Twilio().TwimlAsync(Relative(created["Url"]), WorkerLeg(WorkerCall));
        Assert.Equal("picked-up", await EntryStatusAsync(1));

        // She calls again and cancels, while Alice hears the whisper.
        var sid = TwilioClient.NewCallSid();
        var offer = await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, Victim));
        await PressAsync(offer, sid, Victim, "1");
        Assert.Equal(("cancelled", null, 0), await RequestAsync(1));

        // Alice presses 1: told it is cancelled, nothing dialled; then her leg ends.
        var answer = await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(whisper, "Gather")!), WorkerLeg(WorkerCall, ("Digits", "1")));
        Assert.Empty(answer.Descendants("Dial"));
        await _app.Twilio().PostAsync(Relative(created["StatusCallback"]), WorkerLeg(WorkerCall, ("CallStatus", "completed")));

        var alice = (await WorkersAsync()).Single(w => w.GetProperty("name").GetString() == "Alice");
        Assert.Equal(0, alice.GetProperty("missedInARow").GetInt32());
        Assert.Equal("closed", await EntryStatusAsync(1));
        await DispatchAsync();
        Assert.Single(_rest.LogEntries, e => e.RequestMessage!.Path.EndsWith("/Calls.json", StringComparison.Ordinal));
    }

    /// <summary>
    /// Sibling: she cancels while her phone is being dialled (the worker accepted). The dial's result finds the request
    /// no longer pending (AttemptEndedAsync → NotCurrent, rolled back) and the worker's status callback changes nothing
    /// either: the worker stays 'on-call' on "callback:1" forever and the entry stays 'picked-up' — no wrap-up, never
    /// offered another caller.
    /// </summary>
    [Fact]
    public async Task Review_a_cancel_while_she_is_dialled_frees_the_worker_when_the_dial_ends()
    {
        await RequestCallbackAsync();
        await SetStatusAsync("Alice", "available");
        var (dial, _) = await WorkerAcceptsAsync(1);

        var sid = TwilioClient.NewCallSid();
        var offer = await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, Victim));
        await PressAsync(offer, sid, Victim, "1");
        Assert.Equal("cancelled", (await RequestAsync(1)).Status);

        await DialEndsAsync(dial, "no-answer");
        var created = await WaitForCreatedCallAsync();
        await _app.Twilio().PostAsync(Relative(created["StatusCallback"]), WorkerLeg(WorkerCall, ("CallStatus", "completed")));
        _app.Time.Advance(TimeSpan.FromMinutes(30)); // the sweeps have had their chance
        await DispatchAsync();

        Assert.NotEqual("on-call", await WorkerStatusAsync("Alice"));
        Assert.NotEqual("picked-up", await EntryStatusAsync(1));
    }
}

public sealed partial class CallbackTests
{
    /// <summary>
    /// She asks for a call-back, calls again later without cancelling (she still wants it), waits and asks again: two
    /// requests are pending for her. Calling a third time she presses 1 and hears "votre demande de rappel est annulée",
    /// but only the oldest is cancelled (PendingForAsync takes one): the other still calls her back — the line calls a
    /// woman who was told her call-back was cancelled.
    /// </summary>
    [Fact]
    public async Task Review_cancelling_by_calling_again_leaves_no_call_back_pending()
    {
        await RequestCallbackAsync(window: "3");

        // Second call: she lets the cancel offer pass, reaches the queue and asks again.
        var twilio = _app.Twilio();
        var sid = TwilioClient.NewCallSid();
        var cancelOffer = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, Victim));
        var welcome = await PressAsync(cancelOffer, sid, Victim, "");
        var queued = await PressAsync(welcome, sid, Victim, "4");
        var enqueue = queued.Descendants("Enqueue").Single();
        var offer = await HoldAsync(sid, Victim, enqueue, 60);
        var confirm = await PressAsync(offer, sid, Victim, "1");
        var when = await PressAsync(confirm, sid, Victim, "1");
        var message = await PressAsync(when, sid, Victim, "3");
        var summary = await PressAsync(message, sid, Victim, "2");
        var done = await PressAsync(summary, sid, Victim, "1");
        Assert.Contains("Votre demande de rappel numéro 2", Heard(done), StringComparison.Ordinal);

        // Third call: she cancels.
        var third = TwilioClient.NewCallSid();
        var again = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(third, Victim));
        var cancelled = await PressAsync(again, third, Victim, "1");
        Assert.StartsWith("Votre demande de rappel est annulée.", Heard(cancelled), StringComparison.Ordinal);

        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*)::int from callback_requests where status = 'pending'"));
    }
}

public sealed partial class CallbackTests
{
    /// <summary>
    /// The provider retries her confirmation (our answer was slow or lost): the same webhook, the same call, the same
    /// dialogue state. A second request is recorded (RequestAsync has no guard: her queue entry has already left, so the
    /// second one even loses her place) — she will be called back twice, and cancelling by calling again cancels one.
    /// </summary>
    [Fact]
    public async Task Review_a_retried_confirmation_records_one_request()
    {
        var (sid, _, confirm) = await AskForCallbackAsync(Victim);
        var when = await PressAsync(confirm, sid, Victim, "1");
        var message = await PressAsync(when, sid, Victim, "1");
        var summary = await PressAsync(message, sid, Victim, "2");

        var first = await PressAsync(summary, sid, Victim, "1");
        var retried = await PressAsync(summary, sid, Victim, "1");

        Assert.Contains("Votre demande de rappel numéro 1", Heard(first), StringComparison.Ordinal);
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("select count(*)::int from callback_requests"));
        Assert.Contains("Votre demande de rappel numéro 1", Heard(retried), StringComparison.Ordinal);
    }

    /// <summary>
    /// The number she calls from is offered as it is, without the rules a typed number must pass (TypedNumber: no 08
    /// special-rate numbers, ten French digits): a caller from a special-rate 08 number, or from a French number of the
    /// wrong length, is asked to confirm it, and the line would call it back — the very numbers it refuses when typed.
    /// She should be asked to type a number instead.
    /// </summary>
    [Theory]
    [InlineData("+33899123456")] // 08 99 12 34 56: special rate
    [InlineData("+3361122334")]  // eight digits after 33: not a French number
    public async Task Review_a_calling_number_the_line_would_refuse_typed_is_not_offered_for_confirmation(string from)
    {
        var (_, _, question) = await AskForCallbackAsync(from);

        Assert.Contains("Tapez le numéro où vous rappeler", Heard(question), StringComparison.Ordinal);
        Assert.DoesNotContain("Pour confirmer ce numéro", Heard(question), StringComparison.Ordinal);
    }
}

public sealed partial class CallbackTests
{
    /// <summary>
    /// Her window ("cet après-midi", 14:00–17:00, also closing time) ends while the worker's phone rings and the whisper
    /// plays: the worker presses 1 at 17:02 and she is dialled anyway — after her window and with the line closed.
    /// AttemptAsync checks neither the window nor the hours; the sweep expires only scheduled or waiting entries.
    /// </summary>
    [Fact]
    public async Task Review_a_worker_accepting_after_her_window_has_ended_does_not_dial_her()
    {
        await RequestCallbackAsync(window: "2");
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 16, 58, 0, TimeSpan.FromHours(1)));
        await SetStatusAsync("Alice", "available");
        var created = await WaitForCreatedCallAsync();
        var whisper = await _app.Twilio().TwimlAsync(Relative(created["Url"]), WorkerLeg(WorkerCall));

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 17, 2, 0, TimeSpan.FromHours(1)));
        var answer = await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(whisper, "Gather")!), WorkerLeg(WorkerCall, ("Digits", "1")));

        Assert.Empty(answer.Descendants("Dial"));
    }
}

public sealed partial class CallbackTests
{
    /// <summary>
    /// Sibling: a caller put under watch ("appelant-signale") after asking for a call-back: the worker who calls her back
    /// is not warned — the whisper carries only the tags of the asking call, while any call of hers now warns the worker.
    /// </summary>
    [Fact]
    public async Task Review_a_caller_watched_after_asking_is_announced_in_the_call_back_whisper()
    {
        var (sid, _, _) = await RequestCallbackAsync();
        using (var admin = Admin())
        using (var put = await admin.PutAsJsonAsync($"/api/callers/flags/{sid}", new { kind = "watch", reason = "menaces", note = "menaces" }))
        {
            Assert.True(put.IsSuccessStatusCode, $"flag: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        }

        await SetStatusAsync("Alice", "available");
        var created = await WaitForCreatedCallAsync();
        var whisper = await _app.Twilio().TwimlAsync(Relative(created["Url"]), WorkerLeg(WorkerCall));

        // The watch tag's words as this flow declares them, as for any watched caller's call (RoutingTests.Flags); the
        // review's "ce numéro a été signalé" is the built-in wording, which the default flow replaces.
        Assert.Contains("Appelant signalé : restez vigilante", Heard(whisper), StringComparison.Ordinal);
    }
}
