using System.Net.Http.Json;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// When no worker is available, ringing, on a call or in wrap-up (everyone paused — by choice or by autopause — or
/// offline, or due to pause after their call), nobody will come: a waiting caller overflows after
/// <c>Helpline:Routing:NobodyCanComeSeconds</c> (30 s) instead of the flow's full maximum wait, and hears no estimate.
/// </summary>
public sealed partial class RoutingTests
{
    [Theory]
    [InlineData("pause")]
    [InlineData("autopause")]
    [InlineData("pause-after-call")]
    public async Task Caller_overflows_after_the_short_grace_when_nobody_can_come_and_hears_no_estimate(string how)
    {
        await using (var db = await _app.OpenDatabaseAsync())
        {
            // Worker 1 is the only one logged in; the way she cannot come varies (Bea stays offline).
            await db.ExecuteAsync("update workers set status_since = @at", new { at = _app.Time.GetUtcNow().AddMinutes(-1).UtcDateTime });
            await db.ExecuteAsync(how switch
            {
                "pause" => "update workers set status = 'pause', status_since = @at where id = 1",
                "autopause" => "update workers set status = 'pause', auto_paused = true, missed_in_a_row = 2, status_since = @at where id = 1",
                _ => "update workers set status = 'on-call', current_call_sid = 'CA-other', pending_status = 'pause', pending_since = @at where id = 1",
            }, new { at = _app.Time.GetUtcNow().AddMinutes(-1).UtcDateTime }); // since before the caller arrived
        }

        var (sid, enqueue) = await QueueCallerAsync("4");
        var waitUrl = Relative(enqueue.Attribute("waitUrl")!.Value);

        var hold = await _app.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "0")));
        var later = await _app.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "29")));
        var grace = await _app.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "30")));

        Assert.Contains("Merci de patienter", TwilioClient.Heard(hold), StringComparison.Ordinal);
        Assert.DoesNotContain("position", TwilioClient.Heard(hold) + TwilioClient.Heard(later), StringComparison.Ordinal); // no announcement at all
        Assert.Empty(later.Descendants("Leave"));
        Assert.Single(grace.Descendants("Leave")); // not after the flow's 600 s
        var overflow = await _app.Twilio().TwimlAsync(Relative(enqueue.Attribute("action")!.Value), TwilioClient.Step(sid, ("QueueResult", "leave"), ("QueueTime", "30")));
        Assert.Equal("3919", overflow.Descendants("Dial").Single().Value.Trim());
    }

    [Fact]
    public async Task Grace_counts_from_when_the_last_worker_stopped_coming_not_from_the_caller_s_arrival()
    {
        await using (var db = await _app.OpenDatabaseAsync())
        {
            // Bea is in wrap-up: she will come; the caller waits and hears her position.
            await db.ExecuteAsync("update workers set status = 'wrap-up', wrap_up_until = @until where id = 2", new { until = _app.Time.GetUtcNow().AddHours(1).UtcDateTime });
        }

        var (sid, enqueue) = await QueueCallerAsync("4");
        var waitUrl = Relative(enqueue.Attribute("waitUrl")!.Value);
        Assert.Contains("Vous êtes en position 1.", TwilioClient.Heard(await _app.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "0")))), StringComparison.Ordinal);

        // Five minutes later she goes offline (from wrap-up): nobody can come from now on.
        _app.Time.Advance(TimeSpan.FromMinutes(5));
        await SetStatusAsync(2, "offline");
        var justAfter = await _app.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "310")));
        _app.Time.Advance(TimeSpan.FromSeconds(30));
        var graceOver = await _app.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "340")));

        Assert.Empty(justAfter.Descendants("Leave"));
        Assert.Single(graceOver.Descendants("Leave"));
    }

    [Fact]
    public async Task Choosing_available_during_a_call_clears_a_pending_pause_and_is_answered_accepted()
    {
        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync("4");
        await WaitForRedirectAsync(sid);
        using var client = Admin();

        using (var pause = await client.PutAsJsonAsync("/api/workers/1/status", new { status = "pause" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, pause.StatusCode);
        }

        using (var available = await client.PutAsJsonAsync("/api/workers/1/status", new { status = "available" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, available.StatusCode);
        }

        var alice = (await WorkersAsync()).Single(w => w.GetProperty("id").GetInt32() == 1);
        Assert.Equal("ringing", alice.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, alice.GetProperty("pendingStatus").ValueKind);
    }
}
