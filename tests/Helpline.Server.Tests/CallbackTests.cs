using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Xml.Linq;
using Dapper;
using Helpline.Server.Agents;
using Helpline.Server.Testing;
using Helpline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Helpline.Server.Tests;

/// <summary>
/// Safe call-backs (issue 13) through the real server and PostgreSQL, WireMock standing in for the provider's REST API
/// (the call placed to the worker), the provider's webhooks played by <see cref="TwilioClient"/>, on a fake clock
/// (Tuesday 24 November 2026, 10:00 in Paris: the line is open).
/// </summary>
public sealed partial class CallbackTests : IAsyncLifetime
{
    private const string AccountSid = "AC00000000000000000000000000000000";
    private const string Victim = "+33611223344";
    private const string VictimSpoken = "06, 11, 22, 33, 44";
    private const string Helpline = "+33320000000";
    private const string Alice = "+33611111111";
    private readonly WireMockServer _rest = WireMockServer.Start();
    private readonly HelplineApp _app = new();

    public CallbackTests()
    {
        _app.Settings["Helpline:Twilio:ApiBaseUrl"] = _rest.Url;
        _app.Settings["Helpline:Twilio:AccountSid"] = AccountSid;
        _app.Settings["Helpline:Routing:Workers:0:Name"] = "Alice";
        _app.Settings["Helpline:Routing:Workers:0:Phone"] = Alice;
        _app.Settings["Helpline:Routing:Workers:1:Name"] = "Bea";
        _app.Settings["Helpline:Routing:Workers:1:Phone"] = "+33622222222";
        _app.Settings["Helpline:Routing:AutoPauseAfter"] = "2";
        _app.Settings["Helpline:Routing:WrapUpSeconds"] = "60";
        _app.Settings["Helpline:Callbacks:MaxAttempts"] = "2";
        _app.Settings["Helpline:Callbacks:RetryMinutes"] = "15";
    }

    public async Task InitializeAsync()
    {
        RespondToCalls(201, "{\"sid\":\"CA00000000000000000000000000000001\",\"status\":\"queued\"}");
        await _app.InitializeAsync();
        await Eventually.WaitForAsync(async () => (await WorkersAsync()).Count == 2);
        await using var db = await _app.OpenDatabaseAsync();
        // Bea is in a long wrap-up: she will come, so callers hold (and are offered a call-back) instead of overflowing.
        await db.ExecuteAsync("update workers set status = 'wrap-up', wrap_up_until = @until where name = 'Bea'", new { until = _app.Time.GetUtcNow().AddHours(12).UtcDateTime });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _rest.Stop();
        _rest.Dispose();
    }

    /// <summary>A caller joins the queue from <paramref name="from"/> with key 4.</summary>
    private async Task<(string Sid, XElement Enqueue)> QueueFromAsync(string from)
    {
        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, from));
        var queued = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), Form(sid, from, ("Digits", "4")));
        return (sid, queued.Descendants("Enqueue").Single());
    }

    /// <summary>A hold poll after <paramref name="queueTime"/> seconds in the queue.</summary>
    private Task<XDocument> HoldAsync(string sid, string from, XElement enqueue, int queueTime) =>
        _app.Twilio().TwimlAsync(Relative(enqueue.Attribute("waitUrl")!.Value), Form(sid, from, ("QueueTime", queueTime.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>Presses <paramref name="keys"/> in the Gather of <paramref name="twiml"/> (nothing: the empty result).</summary>
    private Task<XDocument> PressAsync(XDocument twiml, string sid, string from, string keys) =>
        _app.Twilio().TwimlAsync(Relative(TwilioClient.Action(twiml, "Gather")!), Form(sid, from, ("Digits", keys)));

    /// <summary>Waits 60 s in the queue, hears the offer and asks for a call-back from <paramref name="from"/>: the first question.</summary>
    private async Task<(string Sid, XElement Enqueue, XDocument Question)> AskForCallbackAsync(string from)
    {
        var (sid, enqueue) = await QueueFromAsync(from);
        var offer = await HoldAsync(sid, from, enqueue, 60);
        return (sid, enqueue, await PressAsync(offer, sid, from, "1"));
    }

    /// <summary>The whole dialogue from the hold loop's offer to the confirmation, choosing <paramref name="window"/> and no message.</summary>
    private async Task<(string Sid, XElement Enqueue, XDocument Done)> RequestCallbackAsync(string from = Victim, string window = "1", string message = "2")
    {
        var (sid, enqueue, confirm) = await AskForCallbackAsync(from);
        var when = await PressAsync(confirm, sid, from, "1");
        var question = await PressAsync(when, sid, from, window);
        var summary = await PressAsync(question, sid, from, message);
        return (sid, enqueue, await PressAsync(summary, sid, from, "1"));
    }

    private static Dictionary<string, string> Form(string sid, string from, params (string Key, string Value)[] fields)
    {
        var form = TwilioClient.Step(sid, fields);
        form["From"] = from;
        form["Caller"] = from;
        return form;
    }

    /// <summary>A webhook of the worker's leg (the call we placed from the helpline's number to the worker).</summary>
    private static Dictionary<string, string> WorkerLeg(string workerCallSid, params (string Key, string Value)[] fields)
    {
        var form = new Dictionary<string, string>
        {
            ["CallSid"] = workerCallSid, ["AccountSid"] = AccountSid, ["From"] = Helpline, ["To"] = Alice, ["CallStatus"] = "in-progress",
            ["Direction"] = "outbound-api", ["ApiVersion"] = "2010-04-01",
        };
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        return form;
    }

    private void RespondToCalls(int status, string body)
    {
        _rest.Reset();
        _rest.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{AccountSid}/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    /// <summary>Waits for the <paramref name="count"/>th call the dispatcher places (REST create-call), and returns its form.</summary>
    private async Task<Dictionary<string, string>> WaitForCreatedCallAsync(int count = 1)
    {
        List<WireMock.Logging.ILogEntry> entries = [];
        await Eventually.WaitForAsync(() =>
        {
            _app.Services.GetRequiredService<Dispatcher>().Wake();
            entries = _rest.LogEntries.Where(e => e.RequestMessage!.Path.EndsWith("/Calls.json", StringComparison.Ordinal)).ToList();
            return Task.FromResult(entries.Count >= count);
        });
        return entries[count - 1].RequestMessage!.Body!.Split('&').Select(p => p.Split('=', 2))
            .GroupBy(p => Uri.UnescapeDataString(p[0])).ToDictionary(g => g.Key, g => Uri.UnescapeDataString(g.First()[1].Replace('+', ' ')));
    }

    private async Task SetStatusAsync(string name, string status)
    {
        var id = (await WorkersAsync()).Single(w => w.GetProperty("name").GetString() == name).GetProperty("id").GetInt32();
        using var client = Admin();
        using var response = await client.PutAsJsonAsync($"/api/workers/{id}/status", new { status });
        Assert.True(response.IsSuccessStatusCode, $"{name} → {status}: {(int)response.StatusCode}");
    }

    private async Task<List<System.Text.Json.JsonElement>> WorkersAsync()
    {
        using var client = Admin();
        return System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/workers")).RootElement.EnumerateArray().ToList();
    }

    private HttpClient Admin()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
        return client;
    }

    private async Task<(string Status, string? Number, int Attempts)> RequestAsync(int id)
    {
        await using var db = await _app.OpenDatabaseAsync();
        return await db.QuerySingleAsync<(string, string?, int)>("select status, number_protected, attempts from callback_requests where id = @id", new { id });
    }

    private async Task<string> EntryStatusAsync(int id)
    {
        await using var db = await _app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<string>("select status from queue_entries where callback_id = @id", new { id }) ?? "none";
    }

    /// <summary>Runs one dispatch pass with its sweep (the clock's part: windows opening, expiring).</summary>
    private Task<int> DispatchAsync() => _app.Services.GetRequiredService<Dispatcher>().DispatchOnceAsync(CancellationToken.None);

    /// <summary>Makes the database refuse every connection (existing ones cut), as when it is down; the returned action restores it.</summary>
    private async Task<Func<Task>> TakeDatabaseDownAsync()
    {
        var server = await PostgresServer.SharedAsync();
        var database = new NpgsqlConnectionStringBuilder(_app.ConnectionString).Database!;
        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"alter database \"{database}\" allow_connections false");
            await admin.ExecuteAsync("select pg_terminate_backend(pid) from pg_stat_activity where datname = @database and pid <> pg_backend_pid()", new { database });
        }

        return async () =>
        {
            await using var admin = new NpgsqlConnection(server.AdminConnectionString);
            await admin.OpenAsync();
            await admin.ExecuteAsync($"alter database \"{database}\" allow_connections true");
            NpgsqlConnection.ClearAllPools(); // connections cut while it was down are not handed out again
        };
    }

    private static string Heard(XDocument twiml) => TwilioClient.Heard(twiml);

    private static string Relative(string url) => url.StartsWith(HelplineApp.PublicBaseUrl, StringComparison.Ordinal) ? url[HelplineApp.PublicBaseUrl.Length..] : url;
}
