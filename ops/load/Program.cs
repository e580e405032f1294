// Drives whole-stack webhook load and, in the same run, two floors to compare with:
//   A  a static TwiML endpoint (what ASP.NET Core and the loopback network cost),
//   C  signature check + one PostgreSQL transaction (update one call row, insert one event) with Npgsql + Dapper,
//   full  POST /voice/incoming then one menu step (POST /voice/gather) on the real server over the same database.
// Usage: dotnet run -c Release --project ops/load -- --db "<connection string>" --server-dll <path> [--seconds 10] [--connections 4,32]
//        ... --calls 10,50,200,500,1000   whole calls at those concurrency levels instead (see WholeCalls.cs), floor = the same
//        paced traffic against the static TwiML endpoint
// ops/load-test wraps it (provisions the database, builds, writes the report).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Dapper;
using Helpline.Data;
using Helpline.Data.Migrations;
using Helpline.Load;
using Helpline.Twilio.Security;
using Microsoft.Extensions.Primitives;
using Npgsql;

// Fresh random secrets each run: the server runs as in Production, which refuses test-looking secrets. The floors'
// child process inherits them through the environment.
var authToken = Environment.GetEnvironmentVariable("HELPLINE_LOAD_AUTH_TOKEN") ?? RandomSecret();
var adminToken = Environment.GetEnvironmentVariable("HELPLINE_LOAD_ADMIN_TOKEN") ?? RandomSecret();
Environment.SetEnvironmentVariable("HELPLINE_LOAD_AUTH_TOKEN", authToken);
Environment.SetEnvironmentVariable("HELPLINE_LOAD_ADMIN_TOKEN", adminToken);
if (args.Length > 0 && args[0] == "--serve-floors")
{
    // Child mode: the floors run in their own process, like the real server, so all three targets are measured
    // with the same process topology (driver in one process, target in another).
    await using var floorData = HelplineDataSource.Create(args[2]);
    await using var floorApp = Floors.Build(int.Parse(args[1], CultureInfo.InvariantCulture), authToken, floorData);
    await floorApp.RunAsync();
    return 0;
}

var options = LoadOptions.Parse(args);
await using var dataSource = HelplineDataSource.Create(options.ConnectionString);
await new MigrationRunner(dataSource).RunAsync();
if (args.Contains("--routing"))
{
    var standInPort = FreePort();
    await using var standIn = Floors.Build(standInPort, authToken, dataSource);
    await standIn.StartAsync();
    var routingReport = await RoutingBenchmark.RunAsync(dataSource, options.ConnectionString, $"http://127.0.0.1:{standInPort}/", Floors.ArrivalOf);
    Console.WriteLine(routingReport);
    if (options.Output is not null)
    {
        await File.WriteAllTextAsync(options.Output.Replace(".md", "-routing.md", StringComparison.Ordinal), routingReport);
    }

    await standIn.StopAsync();
    return 0;
}
await using (var connection = await dataSource.OpenConnectionAsync())
{
    // Every run starts from the same database: no queue or calls left by an earlier run (a queue of 190,000 entries
    // left by earlier runs made the full path look twice as slow as on a fresh line).
    await connection.ExecuteAsync("truncate calls, call_events, queue_entries restart identity cascade");
    await connection.ExecuteAsync(
        "insert into calls (call_sid, flow_name, flow_hash, state, step, started_at, updated_at) " +
        "select 'CAFLOOR' || lpad(g::text, 27, '0'), 'floor', 'floor', 'accueil', 1, now(), now() from generate_series(1, 10000) g");
}

var floorPort = FreePort();
using var floors = StartFloors(floorPort, options.ConnectionString);
await WaitForAsync($"http://127.0.0.1:{floorPort}/floor/static");

var serverPort = FreePort();
var serverUrl = $"http://127.0.0.1:{serverPort}";
var startedAt = Stopwatch.StartNew();
using var server = StartServer(options, serverUrl, authToken, adminToken);
var startup = await FirstAnswerAsync(serverUrl, authToken, startedAt);
await OpenLineAsync(serverUrl, adminToken);

if (Get("--calls") is { } levels)
{
    var callsReport = new StringBuilder();
    callsReport.AppendLine(CultureInfo.InvariantCulture, $"Whole calls ({options.Seconds} s per level after a 3 s warm-up; pauses of 0.5-1.5 s between a call's webhooks). Start-up to first answer: {startup.TotalSeconds:0.00} s.");
    callsReport.AppendLine();
    callsReport.AppendLine("| concurrent calls | target | calls/s | webhooks/s | p50 ms | p99 ms | max ms | errors |");
    callsReport.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
    var ratios = new StringBuilder();
    var callsFailed = false;
    foreach (var level in levels.Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)))
    {
        var floorResult = await WholeCalls.RunAsync(level, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(options.Seconds), WholeCalls.Floor($"http://127.0.0.1:{floorPort}"));
        var serverResult = await WholeCalls.RunAsync(level, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(options.Seconds), WholeCalls.Server(serverUrl, authToken));
        foreach (var (name, r) in new[] { ("static TwiML floor", floorResult), ("helpline (server + PostgreSQL)", serverResult) })
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {level} | {name} | {r.CallsPerSecond:0.0} | {r.RequestsPerSecond:0} | {r.P50:0.0} | {r.P99:0.0} | {r.Max:0.0} | {r.Errors} |");
            callsReport.AppendLine(line);
            Console.WriteLine(line);
            if (r.Errors > 0)
            {
                callsFailed = true;
                Console.Error.WriteLine($"first error at {level} calls ({name}): {r.FirstError}");
            }
        }

        ratios.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"At {level} concurrent calls: p50 {serverResult.P50 / floorResult.P50:0.0}× and p99 {serverResult.P99 / floorResult.P99:0.0}× the floor's; calls/s {(floorResult.CallsPerSecond > 0 ? (serverResult.CallsPerSecond / floorResult.CallsPerSecond).ToString("P0", CultureInfo.InvariantCulture) : "n/a (no call ended in the window: run longer)")} of the floor's."));
    }

    callsReport.AppendLine();
    callsReport.Append(ratios);
    Console.WriteLine();
    Console.WriteLine(callsReport);
    if (options.Output is not null)
    {
        await File.WriteAllTextAsync(options.Output.Replace(".md", "-calls.md", StringComparison.Ordinal), callsReport.ToString());
    }

    server.Kill(entireProcessTree: true);
    floors.Kill(entireProcessTree: true);
    return callsFailed ? 1 : 0;
}

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Start-up to first answer of the real server: {startup.TotalSeconds:0.00} s (process start to first 200 on /voice/incoming)");
report.AppendLine();
report.AppendLine("| target | connections | requests/s | p50 ms | p99 ms | max ms | errors |");
report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
var results = new Dictionary<(string, int), Result>();
foreach (var connections in options.Connections)
{
    foreach (var (name, scenario) in new (string, Scenario)[]
    {
        ("A static TwiML", Scenarios.Static($"http://127.0.0.1:{floorPort}")),
        ("C signature + 1 transaction", Scenarios.OneTransaction($"http://127.0.0.1:{floorPort}", authToken)),
        ("full: incoming + menu step", Scenarios.FullCall(serverUrl, authToken)),
    })
    {
        var result = await Runner.RunAsync(scenario, connections, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(options.Seconds));
        results[(name, connections)] = result;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {connections} | {result.RequestsPerSecond:0} | {result.P50:0.0} | {result.P99:0.0} | {result.Max:0.0} | {result.Errors} |");
        report.AppendLine(line);
        Console.WriteLine(line);
    }
}

report.AppendLine();
foreach (var connections in options.Connections)
{
    var c = results[("C signature + 1 transaction", connections)];
    var full = results[("full: incoming + menu step", connections)];
    var a = results[("A static TwiML", connections)];
    report.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"At {connections} connections: full path = {full.RequestsPerSecond / c.RequestsPerSecond:P0} of floor C's throughput, p99 {full.P99 / c.P99:0.00}× floor C's; floor C = {c.RequestsPerSecond / a.RequestsPerSecond:P0} of floor A."));
}

Console.WriteLine();
Console.WriteLine(report);
if (options.Output is not null)
{
    await File.WriteAllTextAsync(options.Output, report.ToString());
}

server.Kill(entireProcessTree: true);
floors.Kill(entireProcessTree: true);
return results.Values.Any(r => r.Errors > 0) ? 1 : 0;

static string RandomSecret() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(30)).Replace('+', 'x').Replace('/', 'y');

string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static Process StartFloors(int port, string connectionString)
{
    var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
    start.ArgumentList.Add(typeof(Floors).Assembly.Location);
    start.ArgumentList.Add("--serve-floors");
    start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
    start.ArgumentList.Add(connectionString);
    return Process.Start(start) ?? throw new InvalidOperationException("cannot start the floors");
}

static async Task WaitForAsync(string url)
{
    using var client = new HttpClient();
    for (var i = 0; i < 600; i++)
    {
        try
        {
            using var response = await client.PostAsync(url, new FormUrlEncodedContent([]));
            if (response.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(50);
    }

    throw new TimeoutException(url + " did not answer");
}

static Process StartServer(LoadOptions options, string url, string token, string adminToken)
{
    var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    start.ArgumentList.Add(options.ServerDll);
    start.Environment["ASPNETCORE_URLS"] = url;
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production"; // with fresh random secrets, which Production accepts
    start.Environment["ConnectionStrings__Helpline"] = options.ConnectionString;
    start.Environment["Helpline__FlowPath"] = options.FlowPath;
    start.Environment["Helpline__Journal__Folder"] = Path.Combine(Path.GetTempPath(), "helpline-load-journal"); // not ops/run's
    start.Environment["Helpline__Twilio__AuthToken"] = token;
    start.Environment["Helpline__AdminToken"] = adminToken;
    start.Environment["Helpline__CallerHashKey"] = RandomSecret() + RandomSecret();
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the server");
    process.OutputDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("[server] " + e.Data); } };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("[server] " + e.Data); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task<TimeSpan> FirstAnswerAsync(string url, string token, Stopwatch since)
{
    using var client = new HttpClient();
    while (since.Elapsed < TimeSpan.FromMinutes(2))
    {
        try
        {
            using var response = await client.SendAsync(Scenarios.Signed(url, "/voice/incoming", token, Scenarios.IncomingForm("CA" + Guid.NewGuid().ToString("N"))));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return since.Elapsed;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(20);
    }

    throw new TimeoutException("the server did not answer within 2 minutes");
}

static async Task OpenLineAsync(string url, string adminToken)
{
    // The full path should be the same whatever the hour of the run: open the line for the run's duration.
    using var client = new HttpClient();
    client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", adminToken);
    var until = DateTimeOffset.UtcNow.AddHours(2).ToString("O", CultureInfo.InvariantCulture);
    using var response = await client.PutAsync($"{url}/api/hours/override",
        new StringContent($"{{\"mode\":\"open\",\"until\":\"{until}\",\"reason\":\"load test\"}}", Encoding.UTF8, "application/json"));
    response.EnsureSuccessStatusCode();
}
