using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Helpline.Server.Testing;
using Helpline.Testing;
using Npgsql;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Helpline.Server.Tests;

/// <summary>
/// The metrics as an operator meets them: the real Prometheus (Debian's package) scrapes the real server process on
/// 127.0.0.1 every second, with the sample alerting rules loaded, while calls go through it as the provider would send
/// them (signed webhooks; WireMock stands in for the provider's REST API, which puts a caller through to a worker).
/// Prometheus' HTTP API then says what was counted; no label anywhere carries a caller's or a worker's number, a
/// caller hash or a CallSid. Skipped, with the reason, when Prometheus is not installed (ops/test installs it).
/// </summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private const string AccountSid = "AC00000000000000000000000000000000";
    private const string CallerNumber = "+33698765432";
    private const string WorkerPhone = "+33611111111";
    private readonly WireMockServer _rest = WireMockServer.Start();
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        _rest.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher($"/2010-04-01/Accounts/{AccountSid}/Calls/*.json")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"sid\":\"CA\",\"status\":\"in-progress\"}"));
        var postgres = await PostgresServer.SharedAsync();
        _connectionString = await postgres.CreateDatabaseAsync("metrics");
    }

    public Task DisposeAsync()
    {
        _rest.Stop();
        _rest.Dispose();
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Prometheus_scrapes_the_calls_made_by_outcome_with_no_number_in_any_label()
    {
        Skip.If(PrometheusServer.Binary is null, "prometheus is not installed (Debian package prometheus; ops/test installs it): the metrics were not checked against it");
        await using var server = await ServerProcess.StartAsync(_connectionString, new Dictionary<string, string>
        {
            ["Helpline__Metrics__AllowedAddresses__0"] = "127.0.0.1",
            ["Helpline__Metrics__SnapshotSeconds"] = "1",
            ["Helpline__Twilio__ApiBaseUrl"] = _rest.Url!,
            ["Helpline__Twilio__AccountSid"] = AccountSid,
            ["Helpline__Routing__Workers__0__Name"] = "Alice",
            ["Helpline__Routing__Workers__0__Phone"] = WorkerPhone,
        });
        var rules = Path.Combine(HelplineApp.RepoRoot, "ops", "deploy", "prometheus", "helpline-rules.yml");
        await using var prometheus = await PrometheusServer.StartAsync(new Uri(server.Url).Authority, "/metrics", rules);
        using var admin = Admin(server.Url);
        await OpenTheLineAsync(admin);
        var twilio = server.Twilio();

        // 1. Answered: the worker is available, the dispatcher puts the caller through, the two talk.
        await SetStatusAsync(admin, "available");
        var (answered, _) = await QueueCallerAsync(twilio);
        var agentUrl = await WaitForRedirectAsync(answered);
        var dial = await twilio.TwimlAsync(agentUrl, TwilioClient.Step(answered));
        await twilio.TwimlAsync(Relative(dial.Descendants("Number").Single().Attribute("url")!.Value), TwilioClient.Step(TwilioClient.NewCallSid()));
        await twilio.TwimlAsync(Relative(TwilioClient.Action(dial, "Dial")!), TwilioClient.Step(answered, ("DialCallStatus", "completed"), ("DialCallDuration", "300")));
        await CompletedAsync(twilio, answered);

        // 2. Abandoned in the queue: nobody can come (the worker goes offline after the wrap-up); the caller hangs up.
        await SetStatusAsync(admin, "offline");
        var (waiting, queued) = await QueueCallerAsync(twilio);
        await WaitForAsync(prometheus, "helpline_queue_length", v => v == 1);
        await twilio.TwimlAsync(Relative(TwilioClient.Action(queued, "Enqueue")!), Step(waiting, ("QueueResult", "hangup"), ("QueueTime", "20")));
        await CompletedAsync(twilio, waiting);

        // 3. In danger: key 1, put through to the police (17).
        var danger = TwilioClient.NewCallSid();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(danger, CallerNumber));
        var transfer = await twilio.TwimlAsync(Relative(TwilioClient.Action(menu, "Gather")!), Step(danger, ("Digits", "1")));
        await twilio.TwimlAsync(Relative(TwilioClient.Action(transfer, "Dial")!), Step(danger, ("DialCallStatus", "completed"), ("DialCallDuration", "60")));
        await CompletedAsync(twilio, danger);

        // 4. Hung up in the menu.
        var hungUp = TwilioClient.NewCallSid();
        await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(hungUp, CallerNumber));
        await CompletedAsync(twilio, hungUp);

        await WaitForAsync(prometheus, "sum(helpline_calls_ended_total)", v => v == 4);
        Assert.Equal(4, await prometheus.ValueAsync("sum(helpline_calls_started_total)"));
        Assert.Equal(new Dictionary<string, double> { ["abandoned"] = 1, ["abandoned-in-queue"] = 1, ["answered"] = 1, ["transferred:police"] = 1 },
            (await prometheus.QueryAsync("helpline_calls_ended_total")).ToDictionary(s => s.Labels["outcome"], s => s.Value));
        Assert.Equal(1, await prometheus.ValueAsync("sum(helpline_offers_made_total)"));
        Assert.Equal(4, await prometheus.ValueAsync("sum(http_server_request_duration_seconds_count{http_route=\"/voice/incoming\"})"));
        Assert.Equal(4, await prometheus.ValueAsync("sum(http_server_request_duration_seconds_count{http_route=\"/voice/status\"})"));
        Assert.Equal(0, await prometheus.ValueAsync("sum(http_server_request_duration_seconds_count{http_route=~\"/voice/.*\",http_response_status_code=~\"5..\"}) or vector(0)"));
        Assert.Equal(1, await prometheus.ValueAsync("helpline_line_open"));
        Assert.True(await prometheus.ValueAsync("max_over_time(helpline_queue_oldest_wait_seconds[5m])") >= 0);
        await WaitForAsync(prometheus, "helpline_queue_length", v => v == 0); // the next snapshot, then the next scrape
        Assert.Equal(0, await prometheus.ValueAsync("helpline_journal_pending"));
        Assert.Equal(1, await prometheus.ValueAsync("helpline_alerts_raised_total{alert=\"nobody-can-come\"}"));
        var workers = (await prometheus.QueryAsync("helpline_workers")).ToDictionary(s => s.Labels["status"], s => s.Value);
        Assert.Equal(["available", "offline", "on-call", "pause", "ringing", "wrap-up"], workers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, workers.Values.Sum());
        Assert.Equal(1, await prometheus.ValueAsync("up{job=\"helpline\"}"));

        // The sample rules load and evaluate without error.
        await WaitForAsync(async () =>
        {
            using var loaded = await prometheus.GetJsonAsync("/api/v1/rules");
            var all = loaded.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
            return all.Count > 0 && all.All(r => r.GetProperty("health").GetString() == "ok");
        }, prometheus);

        // No label value, in the scrape or in Prometheus, holds a number, a caller hash or a CallSid.
        await using var db = new NpgsqlConnection(_connectionString);
        var secrets = (await db.QueryAsync<(string Sid, string? Hash)>("select call_sid, caller_hash from calls")).SelectMany(c => new[] { c.Sid, c.Hash })
            .Concat([CallerNumber[3..], WorkerPhone[3..], answered, waiting, danger, hungUp]).OfType<string>().Distinct().ToList();
        Assert.Equal(4, (await db.QueryAsync<string>("select caller_hash from calls where caller_hash is not null")).Count());
        var scrape = await new HttpClient().GetStringAsync(server.Url + "/metrics");
        var values = new StringBuilder();
        using (var names = await prometheus.GetJsonAsync("/api/v1/labels"))
        {
            foreach (var name in names.RootElement.GetProperty("data").EnumerateArray().Select(n => n.GetString()!))
            {
                values.AppendLine(await prometheus.Http.GetStringAsync($"/api/v1/label/{name}/values"));
            }
        }

        foreach (var secret in secrets)
        {
            Assert.False(scrape.Contains(secret, StringComparison.Ordinal), $"the scrape holds {secret}:\n{scrape}");
            Assert.False(values.ToString().Contains(secret, StringComparison.Ordinal), $"a label value in Prometheus holds {secret}");
        }
    }

    [Fact]
    public async Task Metrics_are_served_to_an_allowed_address_or_the_token_and_are_a_404_to_anyone_else()
    {
        const string Token = "metrics-token-0123456789abcdef";
        await using var server = await ServerProcess.StartAsync(_connectionString, new Dictionary<string, string>
        {
            ["Helpline__Metrics__AllowedNetworks__0"] = "10.9.0.0/16", // not this test's 127.0.0.1
            ["Helpline__Metrics__Token"] = Token,
        });
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };

        async Task<(HttpStatusCode Status, string Body)> GetAsync(string? bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("not-the-token-0123456789")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(Token + "x")).Status);
        var allowed = await GetAsync(Token);
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.Contains("helpline_line_open", allowed.Body, StringComparison.Ordinal);
        await Eventually.WaitForAsync(() => Task.FromResult(server.Output.Contains("Refused /metrics to ", StringComparison.Ordinal))); // the console logs asynchronously
        Assert.Contains("Refused /metrics to 127.0.0.1 (answered 404)", server.Output, StringComparison.Ordinal);

        // Nothing configured (the default): no endpoint at all.
        await using var plain = await ServerProcess.StartAsync(_connectionString);
        using var unconfigured = await new HttpClient().GetAsync(plain.Url + "/metrics");
        Assert.Equal(HttpStatusCode.NotFound, unconfigured.StatusCode);
    }

    [SkippableFact]
    public async Task The_sample_rules_and_scrape_configuration_pass_promtool()
    {
        Skip.If(PrometheusServer.Promtool is null, "promtool is not installed (Debian package prometheus; ops/test installs it): the sample files were not checked");
        var folder = Path.Combine(HelplineApp.RepoRoot, "ops", "deploy", "prometheus");

        var rules = await PrometheusServer.PromtoolAsync("check", "rules", Path.Combine(folder, "helpline-rules.yml"));
        var config = await PrometheusServer.PromtoolAsync("check", "config", Path.Combine(folder, "prometheus.yml"));

        Assert.True(rules.ExitCode == 0, rules.Output);
        Assert.True(config.ExitCode == 0, config.Output);
    }

    private static HttpClient Admin(string url)
    {
        var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
        return http;
    }

    private static async Task OpenTheLineAsync(HttpClient admin)
    {
        var until = DateTimeOffset.UtcNow.AddHours(2).ToString("O", CultureInfo.InvariantCulture);
        using var response = await admin.PutAsync("/api/hours/override",
            new StringContent($"{{\"mode\":\"open\",\"until\":\"{until}\",\"reason\":\"test\"}}", Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"hours override -> {(int)response.StatusCode}");
    }

    private static async Task SetStatusAsync(HttpClient admin, string status)
    {
        using var response = await admin.PutAsJsonAsync("/api/workers/1/status", new { status });
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Accepted, $"worker status -> {(int)response.StatusCode}");
    }

    private static Dictionary<string, string> Step(string sid, params (string Key, string Value)[] fields)
    {
        var form = TwilioClient.Step(sid, fields);
        form["From"] = form["Caller"] = CallerNumber;
        return form;
    }

    /// <summary>A new caller who presses 4 (the social workers): the call and the queue's TwiML.</summary>
    private static async Task<(string Sid, System.Xml.Linq.XDocument Queued)> QueueCallerAsync(TwilioClient twilio)
    {
        var sid = TwilioClient.NewCallSid();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, CallerNumber));
        return (sid, await twilio.TwimlAsync(Relative(TwilioClient.Action(menu, "Gather")!), Step(sid, ("Digits", "4"))));
    }

    private async Task<string> WaitForRedirectAsync(string sid)
    {
        string? body = null;
        await Eventually.WaitForAsync(() =>
        {
            body = _rest.LogEntries.FirstOrDefault(e => e.RequestMessage!.Path.Contains(sid, StringComparison.Ordinal))?.RequestMessage!.Body;
            return Task.FromResult(body is not null);
        });
        return Relative(Uri.UnescapeDataString(body!.Split('&').Single(p => p.StartsWith("Url=", StringComparison.Ordinal))["Url=".Length..]));
    }

    private static async Task CompletedAsync(TwilioClient twilio, string sid)
    {
        var status = TwilioClient.Incoming(sid, CallerNumber);
        status["CallStatus"] = "completed";
        status["CallDuration"] = "90";
        using var response = await twilio.PostAsync("/voice/status", status);
        Assert.True(response.IsSuccessStatusCode, $"status -> {(int)response.StatusCode}");
    }

    private static Task WaitForAsync(PrometheusServer prometheus, string promql, Func<double, bool> expected) =>
        WaitForAsync(async () => await prometheus.ValueAsync(promql) is { } value && expected(value), prometheus, promql);

    /// <summary>Polls for up to 30 s (a scrape a second, a rule evaluation a second).</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition, PrometheusServer prometheus, string? what = null)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Prometheus did not show {what ?? "the condition"} in 30 s; targets: {await prometheus.Http.GetStringAsync("/api/v1/targets")}");
    }

    private static string Relative(string url) => url.StartsWith(HelplineApp.PublicBaseUrl, StringComparison.Ordinal) ? url[HelplineApp.PublicBaseUrl.Length..] : url;
}
