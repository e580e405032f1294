using Dapper;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Helpline.Server.Storage;

namespace Helpline.Server.Tests;

/// <summary>
/// No call row stays open for ever: calls whose status callback never came are looked up at the provider (WireMock
/// standing in for the REST API) and closed as it reports, or as stale once older than the longest possible call.
/// Inputs tried: provider says completed (with a duration), still in progress, unknown call (20404), failing (500).
/// </summary>
public sealed class StaleCallSweeperTests : IAsyncLifetime
{
    private const string AccountSid = "AC00000000000000000000000000000000";
    private readonly WireMockServer _rest = WireMockServer.Start();
    private readonly HelplineApp _app = new();

    public StaleCallSweeperTests()
    {
        _app.Settings["Helpline:Twilio:ApiBaseUrl"] = _rest.Url;
        _app.Settings["Helpline:Twilio:AccountSid"] = AccountSid;
        _app.Settings["Helpline:StaleCalls:QuietMinutes"] = "15";
        _app.Settings["Helpline:StaleCalls:SweepMinutes"] = "5";
        _app.Settings["Helpline:StaleCalls:MaxCallHours"] = "24";
    }

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _rest.Stop();
        _rest.Dispose();
    }

    [Fact]
    public async Task Quiet_calls_are_closed_as_the_provider_reports_and_live_ones_are_left_alone()
    {
        var ended = await StartCallAsync();
        var live = await StartCallAsync();
        var unknown = await StartCallAsync();
        var unreachable = await StartCallAsync();
        Lookup(ended, 200, "{\"sid\":\"" + ended + "\",\"status\":\"completed\",\"duration\":\"42\"}");
        Lookup(live, 200, "{\"sid\":\"" + live + "\",\"status\":\"in-progress\",\"duration\":null}");
        Lookup(unknown, 404, "{\"code\":20404,\"message\":\"The requested resource was not found\"}");
        Lookup(unreachable, 500, "oops");

        _app.Time.Advance(TimeSpan.FromMinutes(20));
        var recent = await StartCallAsync(); // its last webhook is fresh: not to be looked up
        await Sweeper().SweepOnceAsync(default);

        await Eventually.WaitForAsync(async () => await EndedAsync(ended) is not null && await EndedAsync(unknown) is not null);
        await using var db = await _app.OpenDatabaseAsync();
        var closed = await db.QuerySingleAsync<(string Status, int? Duration, string Outcome)>(
            "select provider_status, duration_seconds, outcome from calls where call_sid = @sid", new { sid = ended });
        Assert.Equal(("completed", 42, "abandoned"), (closed.Status, closed.Duration, closed.Outcome));
        Assert.Equal("not-found", await db.ExecuteScalarAsync<string>("select provider_status from calls where call_sid = @sid", new { sid = unknown }));
        Assert.Null(await EndedAsync(live));
        Assert.Null(await EndedAsync(unreachable));
        Assert.Null(await EndedAsync(recent));
        Assert.DoesNotContain(_rest.LogEntries, e => e.RequestMessage!.Path.Contains(recent, StringComparison.Ordinal));
        var detail = await db.ExecuteScalarAsync<string>("select detail::text from call_events where call_sid = @sid and kind like 'status%' order by id desc limit 1", new { sid = ended });
        Assert.Contains("\"sweeper\": true", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_older_than_the_longest_possible_call_is_closed_as_stale_when_the_provider_cannot_be_asked()
    {
        var sid = await StartCallAsync();
        Lookup(sid, 503, "down");

        _app.Time.Advance(TimeSpan.FromMinutes(30));
        await Sweeper().SweepOnceAsync(default);
        Assert.Null(await EndedAsync(sid));

        _app.Time.Advance(TimeSpan.FromHours(24));
        await Sweeper().SweepOnceAsync(default);

        await Eventually.WaitForAsync(async () => await EndedAsync(sid) is not null);
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal("stale", await db.ExecuteScalarAsync<string>("select provider_status from calls where call_sid = @sid", new { sid }));
    }

    [Fact]
    public async Task A_queued_caller_whose_hang_up_was_lost_leaves_the_queue_when_swept()
    {
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var form = TwilioClient.Incoming(sid);
        form["CallStatus"] = "in-progress";
        form["Digits"] = "4";
        await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), form);
        Lookup(sid, 200, "{\"sid\":\"" + sid + "\",\"status\":\"completed\",\"duration\":\"600\"}");

        _app.Time.Advance(TimeSpan.FromMinutes(16));
        await Sweeper().SweepOnceAsync(default);

        // Closing the row and freeing the queue place are two statements: wait for both (the hosted sweeper may be the one doing it).
        await Eventually.WaitForAsync(async () => await EndedAsync(sid) is not null && await WaitingCountAsync() == 0);
        await using var db = await _app.OpenDatabaseAsync();
        var queueStatus = await db.ExecuteScalarAsync<string?>("select status from queue_entries where call_sid = @sid", new { sid });
        Assert.True(queueStatus is null or "abandoned" or "overflowed", $"queue entry left as {queueStatus}");
        Assert.Equal(0L, await db.ExecuteScalarAsync<long>("select count(*) from queue_entries where status in ('waiting', 'offered')"));
    }

    private StaleCallSweeper Sweeper() => _app.Services.GetRequiredService<StaleCallSweeper>();

    private async Task<string> StartCallAsync()
    {
        var sid = TwilioClient.NewCallSid();
        await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        return sid;
    }

    private void Lookup(string sid, int status, string body) =>
        _rest.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Calls/{sid}.json").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    private async Task<long> WaitingCountAsync()
    {
        await using var db = await _app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<long>("select count(*) from queue_entries where status in ('waiting', 'offered')");
    }

    private async Task<DateTime?> EndedAsync(string sid)
    {
        await using var db = await _app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<DateTime?>("select ended_at from calls where call_sid = @sid", new { sid });
    }
}
