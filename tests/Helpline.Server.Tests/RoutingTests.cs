using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Dapper;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Helpline.Server.Agents;

namespace Helpline.Server.Tests;

/// <summary>
/// Queued callers reaching the social workers, end to end: the real server and PostgreSQL, WireMock standing in for
/// the provider's REST API (the only stand-in), the provider's webhooks played by <see cref="TwilioClient"/>.
/// </summary>
public sealed partial class RoutingTests : IAsyncLifetime
{
    private const string AccountSid = "AC00000000000000000000000000000000";
    private readonly WireMockServer _rest = WireMockServer.Start();
    private readonly HelplineApp _app = new();

    public RoutingTests()
    {
        _app.Settings["Helpline:Twilio:ApiBaseUrl"] = _rest.Url;
        _app.Settings["Helpline:Twilio:AccountSid"] = AccountSid;
        _app.Settings["Helpline:Routing:Workers:0:Name"] = "Alice";
        _app.Settings["Helpline:Routing:Workers:0:Phone"] = "+33611111111";
        _app.Settings["Helpline:Routing:Workers:1:Name"] = "Bea";
        _app.Settings["Helpline:Routing:Workers:1:Phone"] = "+33622222222";
        _app.Settings["Helpline:Routing:AutoPauseAfter"] = "2";
        _app.Settings["Helpline:Routing:WrapUpSeconds"] = "60";
    }

    public async Task InitializeAsync()
    {
        RespondToRedirects(200, "{\"sid\":\"CA\",\"status\":\"in-progress\"}");
        await _app.InitializeAsync();
        await Eventually.WaitForAsync(async () => (await WorkersAsync()).Count == 2);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _rest.Stop();
        _rest.Dispose();
    }

    [Fact]
    public async Task Queued_caller_is_offered_to_the_available_worker_who_hears_the_menu_choice_then_wraps_up()
    {
        await SetStatusAsync(1, "available");
        var (sid, enqueue) = await QueueCallerAsync("4");

        var redirect = await WaitForRedirectAsync(sid);
        Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Calls/{sid}.json", redirect.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{HelplineApp.AuthToken}")), redirect.Authorization);
        // The offer travels in the URL (worker, their phone, menu choice, the caller's step) so the worker's leg runs without the database.
        var agentUrl = AgentUrl(redirect.Body);
        Assert.StartsWith("/voice/agent?worker=1&offer=1&phone=%2B33611111111&choice=4&joined=", agentUrl, StringComparison.Ordinal);
        Assert.Contains("&state=file-ecoutantes&step=2&replays=0", agentUrl, StringComparison.Ordinal);
        Assert.EndsWith("&Method=POST", redirect.Body, StringComparison.Ordinal);
        Assert.Equal("ringing", await WorkerStatusAsync(1));

        var dial = await _app.Twilio().TwimlAsync(agentUrl, TwilioClient.Step(sid));
        var number = dial.Descendants("Number").Single();
        Assert.Equal("+33611111111", number.Value);
        var whisper = await _app.Twilio().TwimlAsync(Relative(number.Attribute("url")!.Value), TwilioClient.Step("CA" + Guid.NewGuid().ToString("N")));
        Assert.Contains("Choix du menu : 4", whisper.Descendants("Say").Single().Value, StringComparison.Ordinal);
        Assert.Equal("on-call", await WorkerStatusAsync(1));

        var end = await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(dial, "Dial")!), TwilioClient.Step(sid, ("DialCallStatus", "completed"), ("DialCallDuration", "300")));
        Assert.NotEmpty(end.Descendants("Hangup"));
        Assert.Equal("wrap-up", await WorkerStatusAsync(1));
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal("answered", await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }));
        Assert.Equal("answered", await db.ExecuteScalarAsync<string>("select outcome from calls where call_sid = @sid", new { sid }));
        _ = enqueue;
    }

    [Fact]
    public async Task Worker_who_does_not_answer_puts_the_caller_back_at_the_front_and_is_paused_after_two_misses()
    {
        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync("4");

        for (var miss = 1; miss <= 2; miss++)
        {
            await WaitForRedirectAsync(sid, count: miss);
            var dial = await _app.Twilio().TwimlAsync("/voice/agent?w=1", TwilioClient.Step(sid));
            var back = await _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(dial, "Dial")!), TwilioClient.Step(sid, ("DialCallStatus", "no-answer")));
            Assert.Single(back.Descendants("Enqueue"));
            if (miss == 1)
            {
                var alice = (await WorkersAsync()).Single(w => w.GetProperty("id").GetInt32() == 1);
                Assert.Equal(1, alice.GetProperty("missedInARow").GetInt32());
                Assert.Contains(alice.GetProperty("status").GetString(), new[] { "available", "ringing" }); // offered again at once: the only worker
            }
        }

        Assert.Equal("pause", await WorkerStatusAsync(1));
        var queue = await AdminGetAsync("/api/queue");
        var entry = Assert.Single(queue.RootElement.EnumerateArray());
        Assert.Equal(1, entry.GetProperty("position").GetInt32());
        Assert.Equal("4", entry.GetProperty("menuChoice").GetString());
        Assert.DoesNotContain("+33", queue.RootElement.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_failing_for_good_releases_the_worker_and_the_caller_keeps_their_place()
    {
        RespondToRedirects(500, "{\"code\":20500,\"message\":\"Internal Server Error\",\"status\":500}");
        await SetStatusAsync(2, "available");
        var (sid, _) = await QueueCallerAsync("4");

        await WaitForRedirectAsync(sid, count: 4); // one try and three retries
        await using var db = await _app.OpenDatabaseAsync();
        await Eventually.WaitForAsync(async () => await WorkerStatusAsync(2) == "available"
            && await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }) == "waiting");

        // Backing off, not hammering: woken at once, and on the service's clock (which only this test moves, 100 ms at a
        // time), the dispatcher tries the provider again only once its 2 s backoff has passed, and then it does.
        _app.Services.GetRequiredService<Dispatcher>().Wake();
        var waited = TimeSpan.Zero;
        await Eventually.WaitForAsync(() =>
        {
            var requests = _rest.LogEntries.Count(e => e.RequestMessage!.Path.Contains(sid, StringComparison.Ordinal));
            if (waited < TimeSpan.FromSeconds(2))
            {
                Assert.Equal(4, requests);
            }

            if (requests > 4)
            {
                return Task.FromResult(true);
            }

            _app.Time.Advance(TimeSpan.FromMilliseconds(100));
            waited += TimeSpan.FromMilliseconds(100);
            return Task.FromResult(false);
        });
    }

    [Fact]
    public async Task Caller_gone_before_the_redirect_is_recorded_as_abandoned()
    {
        RespondToRedirects(400, "{\"code\":21220,\"message\":\"Call is not in-progress. Cannot redirect.\",\"status\":400}");
        await SetStatusAsync(2, "available");
        var (sid, _) = await QueueCallerAsync("4");

        await WaitForRedirectAsync(sid);
        await using var db = await _app.OpenDatabaseAsync();
        await Eventually.WaitForAsync(async () => await db.ExecuteScalarAsync<string>("select status from queue_entries where call_sid = @sid", new { sid }) == "abandoned");
        Assert.Equal("available", await WorkerStatusAsync(2));
    }

    [Fact]
    public async Task Caller_hanging_up_while_waiting_is_abandoned_with_their_wait()
    {
        await SetStatusAsync(1, "pause");
        await using (var setup = await _app.OpenDatabaseAsync())
        {
            // Bea is in a long wrap-up: she will come, so the caller hears her position (nobody is offered the call meanwhile).
            await setup.ExecuteAsync("update workers set status = 'wrap-up', wrap_up_until = @until where id = 2", new { until = _app.Time.GetUtcNow().AddHours(1).UtcDateTime });
        }

        var (sid, enqueue) = await QueueCallerAsync(null);
        var waitUrl = Relative(enqueue.Attribute("waitUrl")!.Value);
        var hold = await _app.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "30")));
        Assert.Contains("Merci de patienter", TwilioClient.Heard(hold), StringComparison.Ordinal);
        Assert.StartsWith("Vous êtes en position 1. Merci de patienter", TwilioClient.Heard(hold), StringComparison.Ordinal); // no history yet: no estimate
        var soon = await _app.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "50")));
        Assert.DoesNotContain("position", TwilioClient.Heard(soon), StringComparison.Ordinal);
        _app.Time.Advance(TimeSpan.FromSeconds(65));
        var later = await _app.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "95")));
        Assert.DoesNotContain("position", TwilioClient.Heard(later), StringComparison.Ordinal); // still 1: said once

        _app.Time.Advance(TimeSpan.FromSeconds(45));
        await _app.Twilio().TwimlAsync(Relative(enqueue.Attribute("action")!.Value), TwilioClient.Step(sid, ("QueueResult", "hangup"), ("QueueTime", "110")));

        await using var db = await _app.OpenDatabaseAsync();
        var (status, wait) = await db.QuerySingleAsync<(string, int)>("select status, wait_seconds from queue_entries where call_sid = @sid", new { sid });
        Assert.Equal(("abandoned", 110), (status, wait));
        // One outcome for one fact, whichever of the queue's hang-up and the status callback comes first (see CallOutcomes).
        Assert.Equal("abandoned-in-queue", await db.ExecuteScalarAsync<string>("select outcome from calls where call_sid = @sid", new { sid }));
    }

    [Theory]
    [InlineData("busy", HttpStatusCode.BadRequest)]
    [InlineData("on-call", HttpStatusCode.BadRequest)]
    [InlineData("available", HttpStatusCode.NoContent)]
    public async Task Worker_status_api_accepts_only_a_worker_s_own_choices(string status, HttpStatusCode expected)
    {
        using var client = Admin();

        using var response = await client.PutAsJsonAsync("/api/workers/2/status", new { status });

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_worker_is_404_and_anonymous_is_401()
    {
        using var admin = Admin();
        using var anonymous = _app.CreateClient();

        using var missing = await admin.PutAsJsonAsync("/api/workers/999/status", new { status = "pause" });
        using var unauthorised = await anonymous.GetAsync("/api/workers");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorised.StatusCode);
    }

    private async Task<(string Sid, XElement Enqueue)> QueueCallerAsync(string? key)
    {
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var queued = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", key ?? "")));
        if (key is null)
        {
            for (var i = 0; i < 2; i++)
            {
                queued = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(queued, "Gather")!), TwilioClient.Step(sid, ("Digits", "")));
            }
        }

        return (sid, queued.Descendants("Enqueue").Single());
    }

    private void RespondToRedirects(int status, string body)
    {
        _rest.Reset();
        _rest.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher($"/2010-04-01/Accounts/{AccountSid}/Calls/*.json")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    private async Task<(string Path, string? Authorization, string? Body)> WaitForRedirectAsync(string sid, int count = 1)
    {
        List<WireMock.Logging.ILogEntry> entries = [];
        await Eventually.WaitForAsync(() =>
        {
            _app.Services.GetRequiredService<Dispatcher>().Wake();
            entries = _rest.LogEntries.Where(e => e.RequestMessage!.Path.Contains(sid, StringComparison.Ordinal)).ToList();
            return Task.FromResult(entries.Count >= count);
        });
        var request = entries[^1].RequestMessage!;
        return (request.Path, request.Headers?["Authorization"].FirstOrDefault(), request.Body);
    }

    private async Task SetStatusAsync(int worker, string status)
    {
        using var client = Admin();
        using var response = await client.PutAsJsonAsync($"/api/workers/{worker}/status", new { status });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private async Task<string?> WorkerStatusAsync(int worker) =>
        (await WorkersAsync()).Single(w => w.GetProperty("id").GetInt32() == worker).GetProperty("status").GetString();

    private async Task<List<JsonElement>> WorkersAsync() => (await AdminGetAsync("/api/workers")).RootElement.EnumerateArray().ToList();

    private async Task<JsonDocument> AdminGetAsync(string path)
    {
        using var client = Admin();
        return JsonDocument.Parse(await client.GetStringAsync(path));
    }

    private HttpClient Admin()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
        return client;
    }

    /// <summary>The <c>/voice/agent</c> URL a redirect body (<c>Url=…&amp;Method=POST</c>) hands the provider, relative to the public base.</summary>
    private static string AgentUrl(string? body) =>
        Relative(Uri.UnescapeDataString(body!.Split('&').Single(p => p.StartsWith("Url=", StringComparison.Ordinal))["Url=".Length..]));

    private static string Relative(string url) => url.StartsWith(HelplineApp.PublicBaseUrl, StringComparison.Ordinal) ? url[HelplineApp.PublicBaseUrl.Length..] : url;
}
