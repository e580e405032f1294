using System.Xml.Linq;
using Dapper;
using Helpline.Server.Testing;
using Helpline.Testing;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Helpline.Server.Storage;

namespace Helpline.Server.Tests;

/// <summary>
/// PostgreSQL stops between the offer and the whisper (a PostgreSQL of this test's own, stopped and restarted): the
/// worker's leg never gets the caller's emergency TwiML — the worker is not sent to 3919 — and the two are connected
/// from what the offer's signed URLs carry; the pick-up and the dial outcome are journaled and written, in order and
/// once, when the database returns. A whisper the service can make nothing of, with the database down, connects the
/// worker silently.
/// </summary>
public sealed class WorkerLegDatabaseDownTests : IAsyncLifetime
{
    private const string AccountSid = "AC00000000000000000000000000000000";
    private readonly WireMockServer _rest = WireMockServer.Start();
    private PostgresServer _server = null!;
    private HelplineApp _app = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _app = new HelplineApp { ConnectionStringOverride = await _server.CreateDatabaseAsync("workerleg") };
        _app.Settings["Helpline:Twilio:ApiBaseUrl"] = _rest.Url;
        _app.Settings["Helpline:Routing:Workers:0:Name"] = "Alice";
        _app.Settings["Helpline:Routing:Workers:0:Phone"] = "+33611111111";
        _rest.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher($"/2010-04-01/Accounts/{AccountSid}/Calls/*.json")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"sid\":\"CA\",\"status\":\"in-progress\"}"));
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
        _rest.Stop();
        _rest.Dispose();
    }

    [Theory]
    [InlineData("before-agent", "4")]
    [InlineData("before-whisper", "4")]
    [InlineData("before-agent", "5")]
    [InlineData("before-whisper", "5")]
    public async Task Worker_is_connected_with_the_whisper_when_the_database_stops_during_the_offer(string when, string key)
    {
        var twilio = _app.Twilio();
        await using (var db = await _app.OpenDatabaseAsync())
        {
            await db.ExecuteAsync("update workers set status = 'available', status_since = @at, idle_since = @at", new { at = _app.Time.GetUtcNow().UtcDateTime });
        }

        var sid = TwilioClient.NewCallSid();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", key)));
        var agentUrl = await RedirectUrlAsync(sid);

        if (when == "before-agent")
        {
            await _server.StopAsync(CancellationToken.None);
        }

        var dial = await twilio.TwimlAsync(agentUrl, TwilioClient.Step(sid));
        Assert.Equal("+33611111111", dial.Descendants("Number").Single().Value.Trim()); // the worker, not 3919
        if (when == "before-whisper")
        {
            await _server.StopAsync(CancellationToken.None);
        }

        var whisper = await twilio.TwimlAsync(twilio.Relative(dial.Descendants("Number").Single().Attribute("url")!.Value), TwilioClient.Step(TwilioClient.NewCallSid()));
        Assert.Contains("Choix du menu : " + key, TwilioClient.Heard(whisper), StringComparison.Ordinal);
        // Key 5 tags the caller "cannot speak": the worker is told so from the offer's URL, the database down.
        Assert.Equal(key == "5", TwilioClient.Heard(whisper).StartsWith("Attention : la personne ne peut pas parler.", StringComparison.Ordinal));
        AssertNotCallerEmergency(whisper);
        var end = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(dial, "Dial")!),
            TwilioClient.Step(sid, ("DialCallStatus", "completed"), ("DialBridged", "true"), ("DialCallDuration", "240")));
        Assert.Single(end.Descendants("Hangup")); // the flow's answered branch ("fin"), not the emergency transfer
        Assert.Empty(end.Descendants("Dial"));

        await _server.RestartAsync();
        await ReplayUntilEmptyAsync();
        Npgsql.NpgsqlConnection.ClearAllPools(); // this test's own pooled connections died with the server

        await using var after = await _app.OpenDatabaseAsync();
        Assert.Equal("answered", await after.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }));
        Assert.Equal("answered", await after.ExecuteScalarAsync<string>("select outcome from calls where call_sid = @sid", new { sid }));
        Assert.Equal("wrap-up", await after.ExecuteScalarAsync<string>("select status from workers where name = 'Alice'"));
        Assert.Equal(1L, await after.ExecuteScalarAsync<long>("select count(*) from call_events where call_sid = @sid and kind = 'webhook:agent'", new { sid }));
    }

    [Fact]
    public async Task Whisper_nothing_can_be_known_of_with_the_database_down_connects_the_worker_silently()
    {
        // A whisper whose flow version the service cannot find, with the database down: every lookup fails.
        await _server.StopAsync(CancellationToken.None);
        var twilio = _app.Twilio();

        var whisper = await twilio.TwimlAsync("/voice/agent/whisper?w=1&m=4&j=1796000000&f=unknown&st=file-ecoutantes&s=2&a=0&c=" + TwilioClient.NewCallSid(),
            TwilioClient.Step(TwilioClient.NewCallSid()));

        AssertNotCallerEmergency(whisper);
        await _server.RestartAsync();
    }

    private static void AssertNotCallerEmergency(XDocument twiml)
    {
        Assert.Empty(twiml.Descendants("Dial"));
        Assert.DoesNotContain("39 19", TwilioClient.Heard(twiml), StringComparison.Ordinal);
    }

    private async Task<string> RedirectUrlAsync(string sid)
    {
        string? body = null;
        await Eventually.WaitForAsync(() =>
        {
            body = _rest.LogEntries.Select(e => e.RequestMessage!).FirstOrDefault(r => r.Path.Contains(sid, StringComparison.Ordinal))?.Body;
            return Task.FromResult(body is not null);
        });
        var url = Uri.UnescapeDataString(body!.Split('&').Single(p => p.StartsWith("Url=", StringComparison.Ordinal))["Url=".Length..]);
        return url[HelplineApp.PublicBaseUrl.Length..];
    }

    private async Task ReplayUntilEmptyAsync()
    {
        var journal = _app.Services.GetRequiredService<CallJournal>();
        await _app.ReplayJournalAsync();

        Assert.Equal(0, journal.Pending);
    }
}
