using Dapper;
using Helpline.Data.Retention;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;
using Helpline.Server.Storage;

namespace Helpline.Server.Tests;

/// <summary>
/// The retention job in the running service, on the fake clock: once a day it purges ended calls older than
/// Helpline:Retention:Days, keeping their statistics; calls in progress stay; 0 days keeps everything.
/// </summary>
public sealed class RetentionJobTests
{
    [Fact]
    public async Task A_day_after_the_period_the_ended_call_is_gone_its_statistics_stay_and_a_call_in_progress_is_kept()
    {
        await using var app = await StartAsync(days: 30);
        await PurgeAsync(app, 1);
        var twilio = app.Twilio();
        var ended = TwilioClient.NewCallSid();
        var ongoing = TwilioClient.NewCallSid();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(ended));
        var form = TwilioClient.Incoming(ended);
        form["Digits"] = "1";
        await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), form);
        form["CallStatus"] = "completed";
        form["CallDuration"] = "75";
        (await twilio.PostAsync("/voice/status", form)).Dispose();
        await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(ongoing));
        var outcome = await ScalarAsync<string>(app, "select outcome from calls where call_sid = @sid", ended);

        app.Time.Advance(TimeSpan.FromDays(31));
        var purge = await PurgeAsync(app, 2);

        Assert.Contains("Retention: purged 1 calls,", purge, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync<long>(app, "select count(*) from calls where call_sid = @sid", ended));
        Assert.Equal(0L, await ScalarAsync<long>(app, "select count(*) from call_events where call_sid = @sid", ended));
        Assert.Equal(1L, await ScalarAsync<long>(app, "select count(*) from calls where call_sid = @sid", ongoing));
        var day = DateOnly.FromDateTime(HelplineApp.TuesdayMorning.Date);
        Assert.Equal([new DailyStatistics(day, outcome, "1", 1, 0, 75, 0)], await app.Services.GetRequiredService<RetentionStore>().StatisticsAsync(day));
    }

    [Fact]
    public async Task Calls_are_kept_until_the_period_has_passed()
    {
        await using var app = await StartAsync(days: 30);
        await PurgeAsync(app, 1);
        var sid = TwilioClient.NewCallSid();
        await app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var status = TwilioClient.Incoming(sid);
        status["CallStatus"] = "completed";
        (await app.Twilio().PostAsync("/voice/status", status)).Dispose();

        app.Time.Advance(TimeSpan.FromDays(29));
        var purge = await PurgeAsync(app, 2);

        Assert.Contains("Retention: purged 0 calls,", purge, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync<long>(app, "select count(*) from calls where call_sid = @sid", sid));
    }

    [Fact]
    public async Task With_zero_days_every_call_is_kept()
    {
        await using var app = await StartAsync(days: 0);
        await PurgeAsync(app, 1);
        var sid = TwilioClient.NewCallSid();
        await app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var status = TwilioClient.Incoming(sid);
        status["CallStatus"] = "completed";
        (await app.Twilio().PostAsync("/voice/status", status)).Dispose();

        app.Time.Advance(TimeSpan.FromDays(4000));
        var purge = await PurgeAsync(app, 2);

        Assert.Contains("Retention: Helpline:Retention:Days is 0, calls are kept", purge, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync<long>(app, "select count(*) from calls where call_sid = @sid", sid));
    }

    private static async Task<HelplineApp> StartAsync(int days)
    {
        var app = new HelplineApp();
        app.Settings["Helpline:Retention:Days"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A month's jump of the fake clock would also let the stale-call sweeper close the call kept in progress here.
        app.Settings["Helpline:StaleCalls:Enabled"] = "false";
        await app.InitializeAsync();
        return app;
    }

    /// <summary>
    /// Waits for the job's <paramref name="run"/>th purge since the service started and returns its log line (what it
    /// purged, or that calls are kept): the job logs each purge once it is done, its next day's wait already started.
    /// </summary>
    private static async Task<string> PurgeAsync(HelplineApp app, int run)
    {
        var job = " " + typeof(RetentionJob).FullName + ": Retention: ";
        string? line = null;
        await Eventually.WaitForAsync(() =>
        {
            line = app.Logs.Lines.Where(l => l.Contains(job, StringComparison.Ordinal)).Skip(run - 1).FirstOrDefault();
            return Task.FromResult(line is not null);
        });
        return line!;
    }

    private static async Task<T> ScalarAsync<T>(HelplineApp app, string sql, string sid)
    {
        await using var db = await app.OpenDatabaseAsync();
        return (await db.ExecuteScalarAsync<T>(sql, new { sid }))!;
    }
}
