using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// The provider retries webhooks and sends status callbacks out of order: nothing may fire twice or be counted twice.
/// Inputs tried: a status callback repeated with other values; "ringing"/"in-progress" after "completed"; "completed"
/// before the transfer's own result; the queue's hang-up result delivered twice, then the status callback.
/// </summary>
public sealed class ProviderRetryTests(HelplineApp app) : IClassFixture<HelplineApp>
{
    private readonly TwilioClient _twilio = app.Twilio();

    [Fact]
    public async Task Status_callbacks_after_completed_neither_reopen_nor_recount_the_call()
    {
        var sid = TwilioClient.NewCallSid();
        await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));

        await StatusAsync(sid, "completed", "40");
        await StatusAsync(sid, "in-progress", null);
        await StatusAsync(sid, "ringing", null);
        await StatusAsync(sid, "completed", "999");
        await StatusAsync(sid, "busy", "3");

        await using var db = await app.OpenDatabaseAsync();
        var call = await db.QuerySingleAsync<(string Status, int Duration, DateTime? EndedAt)>(
            "select provider_status, duration_seconds, ended_at from calls where call_sid = @sid", new { sid });
        Assert.Equal(("completed", 40), (call.Status, call.Duration));
        Assert.NotNull(call.EndedAt);
        // Every callback is in the log (append-only), but only one closed the call; the later final ones are duplicates.
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("select count(*) from call_events where call_sid = @sid and kind = 'status' and trigger in ('completed', 'busy')", new { sid }));
        Assert.Equal(2L, await db.ExecuteScalarAsync<long>("select count(*) from call_events where call_sid = @sid and kind = 'status-duplicate'", new { sid }));
    }

    [Fact]
    public async Task Completed_before_the_transfer_result_keeps_the_transfer_as_the_outcome()
    {
        app.AdvanceToNextMorning(open: true);
        var sid = TwilioClient.NewCallSid();
        var menu = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var transfer = await _twilio.TwimlAsync(_twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", "2")));
        var dialAction = _twilio.Relative(TwilioClient.Action(transfer, "Dial")!);

        await StatusAsync(sid, "completed", "300"); // the call's end overtakes the Dial's action webhook
        await _twilio.TwimlAsync(dialAction, TwilioClient.Step(sid, ("DialCallStatus", "completed"), ("DialCallDuration", "280")));
        await _twilio.TwimlAsync(dialAction, TwilioClient.Step(sid, ("DialCallStatus", "completed"), ("DialCallDuration", "280")));

        await using var db = await app.OpenDatabaseAsync();
        var call = await db.QuerySingleAsync<(string Outcome, int Duration, int Step)>("select outcome, duration_seconds, step from calls where call_sid = @sid", new { sid });
        Assert.StartsWith("transferred", call.Outcome, StringComparison.Ordinal);
        Assert.Equal((300, 3), (call.Duration, call.Step));
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("select count(*) from call_events where call_sid = @sid and kind = 'webhook:dial'", new { sid }));
    }

    [Fact]
    public async Task A_queue_hang_up_delivered_twice_is_one_abandoned_caller()
    {
        app.AdvanceToNextMorning(open: true);
        var sid = TwilioClient.NewCallSid();
        var menu = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var queued = await _twilio.TwimlAsync(_twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", "4")));
        var action = TwilioClient.Action(queued, "Enqueue") ?? TwilioClient.Action(queued, "Dial");
        Assert.NotNull(action);

        var hangUp = TwilioClient.Step(sid, ("QueueResult", "hangup"), ("QueueTime", "12"), ("DialCallStatus", "no-answer"));
        var first = await _twilio.TwimlAsync(_twilio.Relative(action), hangUp);
        var again = await _twilio.TwimlAsync(_twilio.Relative(action), hangUp);
        await StatusAsync(sid, "completed", "20");
        await StatusAsync(sid, "completed", "20");

        Assert.Equal(first.ToString(), again.ToString());
        await using var db = await app.OpenDatabaseAsync();
        Assert.True(await db.ExecuteScalarAsync<long>("select count(*) from queue_entries where call_sid = @sid", new { sid }) <= 1);
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>("select count(*) from queue_entries where call_sid = @sid and status in ('waiting', 'offered')", new { sid }));
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("select count(*) from call_events where call_sid = @sid and kind = 'status'", new { sid }));
        Assert.NotNull(await db.ExecuteScalarAsync<DateTime?>("select ended_at from calls where call_sid = @sid", new { sid }));
    }

    [Fact]
    public async Task Incoming_retried_after_the_call_moved_on_still_hears_the_welcome()
    {
        app.AdvanceToNextMorning(open: true);
        var sid = TwilioClient.NewCallSid();
        var menu = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var transfer = await _twilio.TwimlAsync(_twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", "2")));
        await _twilio.TwimlAsync(_twilio.Relative(TwilioClient.Action(transfer, "Dial")!), TwilioClient.Step(sid, ("DialCallStatus", "completed")));

        var again = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));

        Assert.Equal(menu.ToString(), again.ToString());
        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("select count(*) from calls where call_sid = @sid", new { sid }));
    }

    private async Task StatusAsync(string sid, string status, string? duration)
    {
        var form = TwilioClient.Incoming(sid);
        form["CallStatus"] = status;
        if (duration is not null)
        {
            form["CallDuration"] = duration;
        }

        using var response = await _twilio.PostAsync("/voice/status", form);
        Assert.True(response.IsSuccessStatusCode, $"status {status} -> {(int)response.StatusCode}");
    }
}
