using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// A slow database must not make a caller wait: past the storage budget (on the service's clock) the webhook answers
/// from the flow, and the call row is caught up (journal replay) instead of the caller being sent back to an earlier menu.
/// The slowness is real: another session holds the call's row lock, so the webhook's update blocks in PostgreSQL.
/// </summary>
public sealed class SlowDatabaseTests(HelplineApp app) : IClassFixture<HelplineApp>
{
    private readonly TwilioClient _twilio = app.Twilio();

    [Fact]
    public async Task Webhook_blocked_on_a_locked_row_answers_from_the_flow_when_the_budget_runs_out_and_the_call_catches_up()
    {
        app.AdvanceToNextMorning(open: true);
        var sid = TwilioClient.NewCallSid();
        var menu = await _twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));

        await using var blocker = await app.OpenDatabaseAsync();
        await using var lockHeld = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("select 1 from calls where call_sid = @sid for update", new { sid }, lockHeld);
        var pressed1 = _twilio.TwimlAsync(_twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", "1")));
        await WaitUntilBlockedAsync();
        Assert.False(pressed1.IsCompleted);

        app.Time.Advance(TimeSpan.FromSeconds(1)); // past the 800 ms budget
        var transfer = await pressed1;

        Assert.Equal("17", transfer.Descendants("Dial").Single().Value.Trim());
        await lockHeld.RollbackAsync();
        // The row missed step 2. The transfer fails: the caller must hear what to do, not the menu again.
        var failed = await _twilio.TwimlAsync(_twilio.Relative(TwilioClient.Action(transfer, "Dial")!), TwilioClient.Step(sid, ("DialCallStatus", "failed")));
        Assert.Contains("composez vous-même le 17", TwilioClient.Heard(failed), StringComparison.Ordinal);
        // The given-up write and the ones queued behind it went to the journal; its next replay catches the row up.
        await using var db = await app.OpenDatabaseAsync();
        await Eventually.WaitForAsync(async () =>
        {
            app.Time.Advance(TimeSpan.FromSeconds(5));
            return await db.ExecuteScalarAsync<int>("select step from calls where call_sid = @sid", new { sid }) == 3;
        });
        Assert.Equal("fin", await db.ExecuteScalarAsync<string>("select state from calls where call_sid = @sid", new { sid }));
        // Given up by the budget (a cancellation), not by Npgsql's 30 s command timeout.
        Assert.Contains(app.Logs.Lines, l => l.Contains("Database unavailable during gather webhook", StringComparison.Ordinal)
            && l.Contains("CanceledException", StringComparison.Ordinal));
    }

    private async Task WaitUntilBlockedAsync()
    {
        await using var db = await app.OpenDatabaseAsync();
        for (var i = 0; i < 300; i++)
        {
            if (await db.ExecuteScalarAsync<long>("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the webhook never blocked on the row lock");
    }
}
