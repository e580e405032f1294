using System.Net.Http.Json;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// Honest waiting, through the real server and PostgreSQL: a waiting caller hears her position the first time, then
/// only when it improved, never the same or a worse one; the estimated wait is a range said only when the line's
/// recent history and the workers coming make it trustworthy; a slow database costs an announcement, never the hold audio.
/// </summary>
public sealed partial class RoutingTests
{
    private const string PositionWords = "Vous êtes en position";
    private const string EstimateWords = "Attente estimée";

    /// <summary>
    /// Inputs: three callers; the first hangs up (3 → 2), a poll with no change (2 again), the caller ahead offered to a
    /// worker (2 → 1), then put back in front when the worker does not answer (1 → 2).
    /// </summary>
    [Fact]
    public async Task Caller_hears_position_3_then_2_then_not_2_again_and_no_worse_number_after_a_caller_is_put_back_in_front()
    {
        await WrapUpForAnHourAsync(2); // Bea will come, so callers wait; nobody is offered meanwhile
        var (a, aEnqueue) = await QueueCallerAsync("4");
        _app.Time.Advance(TimeSpan.FromSeconds(1));
        var (b, _) = await QueueCallerAsync("4");
        _app.Time.Advance(TimeSpan.FromSeconds(1));
        var (c, cEnqueue) = await QueueCallerAsync("4");
        var cWait = Relative(cEnqueue.Attribute("waitUrl")!.Value);

        Assert.StartsWith($"{PositionWords} 3. Merci de patienter", await HoldAsync(cWait, c, 0), StringComparison.Ordinal);

        await _app.Twilio().TwimlAsync(Relative(aEnqueue.Attribute("action")!.Value), TwilioClient.Step(a, ("QueueResult", "hangup"), ("QueueTime", "30")));
        _app.Time.Advance(TimeSpan.FromSeconds(60));
        // From 60 s the default flow also offers a call-back (issue 13), between the position and the hold message.
        Assert.StartsWith($"{PositionWords} 2. ", await HoldAsync(cWait, c, 60), StringComparison.Ordinal);
        _app.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.DoesNotContain(PositionWords, await HoldAsync(cWait, c, 120), StringComparison.Ordinal); // still 2

        // Alice takes the caller ahead: C moves up to 1.
        await SetStatusAsync(1, "available");
        var redirect = await WaitForRedirectAsync(b);
        _app.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.StartsWith($"{PositionWords} 1. ", await HoldAsync(cWait, c, 180), StringComparison.Ordinal);

        // Alice chooses a pause while her phone rings, then does not answer: B goes back in front, C back to 2.
        using (var admin = Admin())
        using (var pause = await admin.PutAsJsonAsync("/api/workers/1/status", new { status = "pause" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, pause.StatusCode);
        }

        var dial = await _app.Twilio().TwimlAsync(AgentUrl(redirect.Body), TwilioClient.Step(b));
        await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(dial, "Dial")!), TwilioClient.Step(b, ("DialCallStatus", "no-answer")));
        Assert.Equal("pause", await WorkerStatusAsync(1));
        _app.Time.Advance(TimeSpan.FromSeconds(60));

        var afterPutBack = await HoldAsync(cWait, c, 240);
        Assert.DoesNotContain(PositionWords, afterPutBack, StringComparison.Ordinal); // 2 is worse than the 1 she heard
        Assert.Contains("Merci de patienter", afterPutBack, StringComparison.Ordinal);
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("select announced_position from queue_entries where call_sid = @c", new { c }));
    }

    /// <summary>
    /// Inputs: a fresh line (no answered call yet) with two workers coming; then twelve answered calls of 4 to 6 minutes
    /// (ring, talk and the 60 s wrap-up) with two workers coming, at position 2; then one worker coming, at position 3,
    /// where the range would end after the flow's 10 minutes.
    /// </summary>
    [Fact]
    public async Task Estimate_range_is_said_only_with_enough_recent_history_and_workers_coming()
    {
        await WrapUpForAnHourAsync(1);
        await WrapUpForAnHourAsync(2);
        var (first, firstEnqueue) = await QueueCallerAsync("4");
        Assert.Equal($"{PositionWords} 1. Merci de patienter", Start(await HoldAsync(Relative(firstEnqueue.Attribute("waitUrl")!.Value), first, 0))); // no history: no estimate

        await AnsweredCallsAsync(12, fromMinutes: 4, toMinutes: 6);
        _app.Time.Advance(TimeSpan.FromSeconds(61)); // the history each instance keeps for a minute is read again
        var (second, secondEnqueue) = await QueueCallerAsync("4");
        Assert.Equal($"{PositionWords} 2. {EstimateWords} : entre 4 et 6 minutes. Merci de patienter",
            Start(await HoldAsync(Relative(secondEnqueue.Attribute("waitUrl")!.Value), second, 0)));

        await SetStatusAsync(1, "pause"); // from wrap-up: only Bea comes now
        _app.Time.Advance(TimeSpan.FromSeconds(1));
        var (third, thirdEnqueue) = await QueueCallerAsync("4");
        Assert.Equal($"{PositionWords} 3. Merci de patienter", Start(await HoldAsync(Relative(thirdEnqueue.Attribute("waitUrl")!.Value), third, 0))); // 13 to 17 minutes: longer than the flow waits
    }

    /// <summary>Inputs: a rich history (fifty calls of 4 to 6 minutes) and every worker paused or offline.</summary>
    [Fact]
    public async Task No_estimate_and_no_position_when_everyone_is_paused()
    {
        await AnsweredCallsAsync(50, fromMinutes: 4, toMinutes: 6);
        await SetStatusAsync(1, "pause");
        await SetStatusAsync(2, "pause");

        var (sid, enqueue) = await QueueCallerAsync("4");
        var heard = await HoldAsync(Relative(enqueue.Attribute("waitUrl")!.Value), sid, 0);

        Assert.DoesNotContain(PositionWords, heard, StringComparison.Ordinal);
        Assert.DoesNotContain(EstimateWords, heard, StringComparison.Ordinal);
        Assert.StartsWith("Merci de patienter", heard, StringComparison.Ordinal);
    }

    /// <summary>
    /// Inputs: another session holds the caller's queue entry locked while her hold poll records its announcement, until
    /// the storage budget runs out; then the lock is released.
    /// </summary>
    [Fact]
    public async Task Caller_hears_the_hold_prompt_without_announcement_when_the_database_is_slow_and_her_position_next_time()
    {
        await WrapUpForAnHourAsync(2);
        var (sid, enqueue) = await QueueCallerAsync("4");
        var waitUrl = Relative(enqueue.Attribute("waitUrl")!.Value);
        await using var blocker = await _app.OpenDatabaseAsync();
        await using var lockHeld = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("select 1 from queue_entries where call_sid = @sid for update", new { sid }, lockHeld);

        var poll = _app.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "0")));
        await using (var watcher = await _app.OpenDatabaseAsync())
        {
            await Eventually.WaitForAsync(async () =>
                await watcher.ExecuteScalarAsync<long>("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") > 0);
        }

        Assert.False(poll.IsCompleted);
        _app.Time.Advance(TimeSpan.FromSeconds(1)); // past the 800 ms budget
        var slow = TwilioClient.Heard(await poll);
        await lockHeld.RollbackAsync();

        Assert.StartsWith("Merci de patienter", slow, StringComparison.Ordinal); // never silence, never an error
        Assert.StartsWith($"{PositionWords} 1.", await HoldAsync(waitUrl, sid, 30), StringComparison.Ordinal); // nothing was recorded as said
    }

    private async Task<string> HoldAsync(string waitUrl, string sid, int queueTime) =>
        TwilioClient.Heard(await _app.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", queueTime.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

    /// <summary>What is said before the hold prompt, and the hold prompt's first words.</summary>
    private static string Start(string heard) => heard[..(heard.IndexOf("Merci de patienter", StringComparison.Ordinal) + "Merci de patienter".Length)];

    private async Task WrapUpForAnHourAsync(int worker)
    {
        await using var db = await _app.OpenDatabaseAsync();
        await db.ExecuteAsync("update workers set status = 'wrap-up', status_since = @now, wrap_up_until = @until where id = @worker",
            new { worker, now = _app.Time.GetUtcNow().UtcDateTime, until = _app.Time.GetUtcNow().AddHours(1).UtcDateTime });
    }

    /// <summary>
    /// <paramref name="count"/> answered calls of the last hours, each keeping its worker from
    /// <paramref name="fromMinutes"/> to <paramref name="toMinutes"/> (spread evenly), the configured 60 s wrap-up included.
    /// </summary>
    private async Task AnsweredCallsAsync(int count, double fromMinutes, double toMinutes)
    {
        await using var db = await _app.OpenDatabaseAsync();
        var now = _app.Time.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var handled = TimeSpan.FromMinutes(fromMinutes + ((toMinutes - fromMinutes) * i / (count - 1)));
            var ended = now.AddMinutes(-10 * (i + 1));
            var offered = ended - handled + TimeSpan.FromSeconds(60);
            await db.ExecuteAsync(
                "insert into queue_entries (call_sid, queue_name, status, joined_at, priority_at, offered_at, answered_at, ended_at) " +
                "values (@sid, 'ecoutantes', 'answered', @joined, @joined, @offered, @answered, @ended)",
                new { sid = TwilioClient.NewCallSid(), joined = offered.AddMinutes(-1).UtcDateTime, offered = offered.UtcDateTime, answered = offered.AddSeconds(10).UtcDateTime, ended = ended.UtcDateTime });
        }
    }
}
