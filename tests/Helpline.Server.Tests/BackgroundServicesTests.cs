using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Helpline.Server.Testing;
using Helpline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Helpline.Server.Tests;

/// <summary>
/// A background service never stops the host on a storage fault (one rule: <c>Helpline.Data.StorageFault</c>): with a
/// PostgreSQL of the test's own stopped while the clock runs through every service's period — the dispatcher's sweep,
/// the hours-override refresher, the journal replayer, the stale-call sweeper, the retention job, a flow reload — the
/// host keeps running and answering; when the database returns, each comes back to work: a caller is offered to a
/// worker, an hours override set on the API is read back, the journal is written, a quiet call is closed.
/// </summary>
public sealed class BackgroundServicesTests : IAsyncLifetime
{
    private const string AccountSid = "AC00000000000000000000000000000000";
    private readonly WireMockServer _rest = WireMockServer.Start();
    private PostgresServer _server = null!;
    private HelplineApp _app = null!;
    private string _flowFile = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _app = new HelplineApp { ConnectionStringOverride = await _server.CreateDatabaseAsync("background") };
        _flowFile = Path.Combine(Directory.CreateTempSubdirectory("helpline-flow-").FullName, "un-premier-pas.yaml");
        File.Copy(Path.Combine(HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml"), _flowFile);
        _app.Settings["Helpline:FlowPath"] = _flowFile;
        _app.Settings["Helpline:Twilio:ApiBaseUrl"] = _rest.Url;
        _app.Settings["Helpline:Twilio:AccountSid"] = AccountSid;
        _app.Settings["Helpline:Routing:Workers:0:Name"] = "Alice";
        _app.Settings["Helpline:Routing:Workers:0:Phone"] = "+33611111111";
        _rest.Given(Request.Create().UsingPost().WithPath(new WireMock.Matchers.WildcardMatcher($"/2010-04-01/Accounts/{AccountSid}/Calls/*.json")))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"sid\":\"CA\",\"status\":\"in-progress\"}"));
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
        _rest.Stop();
        _rest.Dispose();
        Directory.Delete(Path.GetDirectoryName(_flowFile)!, recursive: true);
    }

    [Fact]
    public async Task Every_background_service_survives_the_database_going_away_and_works_again_when_it_returns()
    {
        var quiet = TwilioClient.NewCallSid();
        await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(quiet)); // its status callback will never come
        _rest.Given(Request.Create().UsingGet().WithPath($"/2010-04-01/Accounts/{AccountSid}/Calls/{quiet}.json"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"sid\":\"" + quiet + "\",\"status\":\"completed\",\"duration\":\"12\"}"));
        await _server.StopAsync(CancellationToken.None);

        var during = TwilioClient.NewCallSid();
        Assert.NotEmpty(TwilioClient.Heard(await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(during)))); // journaled
        await File.AppendAllTextAsync(_flowFile, "\n# changement pendant la panne\n"); // a reload whose version cannot be stored
        for (var minute = 0; minute < 30; minute++)
        {
            _app.Time.Advance(TimeSpan.FromMinutes(1)); // every period: 5 s sweeps, 10 s refresher, 5 min stale calls, the journal's replays
            await Task.Yield();
        }

        _app.Time.Advance(TimeSpan.FromDays(1)); // the retention job's day
        var lifetime = _app.Services.GetRequiredService<IHostApplicationLifetime>();
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        using (var client = _app.CreateClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }

        await _server.RestartAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();

        // The replayer writes the journal; the stale-call sweeper closes the quiet call; the refresher reads an override
        // set on another instance; the dispatcher offers a caller to the worker who becomes available.
        await Eventually.WaitForAsync(async () =>
        {
            _app.Time.Advance(TimeSpan.FromSeconds(5)); // the replayer's period
            await using var db = await _app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<long>("select count(*) from calls where call_sid = @during", new { during }) == 1;
        });
        await Eventually.WaitForAsync(async () =>
        {
            _app.Time.Advance(TimeSpan.FromMinutes(5)); // the stale-call sweeper's period
            await using var db = await _app.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<bool>("select ended_at is not null from calls where call_sid = @quiet", new { quiet });
        });
        using var admin = _app.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
        await Eventually.WaitForAsync(async () => (await admin.PutAsJsonAsync("/api/workers/1/status", new { status = "available" })).IsSuccessStatusCode);
        var caller = TwilioClient.NewCallSid();
        var menu = await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(caller));
        await _app.Twilio().TwimlAsync(_app.Twilio().Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(caller, ("Digits", "4")));
        // Woken by the caller's NOTIFY, or, when it was sent while the listener was reconnecting, by the listener itself.
        await Eventually.WaitForAsync(() => Task.FromResult(_rest.LogEntries.Any(e => e.RequestMessage!.Method == "POST" && e.RequestMessage.Path.Contains(caller, StringComparison.Ordinal))));
        await using (var db = await _app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync("insert into hours_override (id, mode, until, reason, set_at) values (1, 'closed', @until, 'set on another instance', @at)",
                new { until = _app.Time.GetUtcNow().AddHours(2).UtcDateTime, at = _app.Time.GetUtcNow().UtcDateTime });
        }

        await Eventually.WaitForAsync(async () =>
        {
            _app.Time.Advance(TimeSpan.FromSeconds(11));
            return (await admin.GetStringAsync("/api/hours/override")).Contains("set on another instance", StringComparison.Ordinal);
        });
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.DoesNotContain(_app.Logs.Lines, l => l.Contains("BackgroundService failed", StringComparison.Ordinal));
    }
}
