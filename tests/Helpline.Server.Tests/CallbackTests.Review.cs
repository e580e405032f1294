using System.Net.Http.Json;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>Faults found reviewing issue 13 (branch review13): each test fails on main.</summary>
public sealed partial class CallbackTests
{
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
