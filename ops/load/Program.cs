// Drives whole-stack webhook load and, in the same run, two floors to compare with:
//   A  a static TwiML endpoint (what ASP.NET Core and the loopback network cost),
//   C  signature check + one PostgreSQL transaction (update one call row, insert one event) with Npgsql + Dapper,
//   full  POST /voice/incoming then one menu step (POST /voice/gather) on the real server over the same database.
// Usage: dotnet run -c Release --project ops/load -- --db "<connection string>" --server-dll <path> [--seconds 10] [--connections 4,32]
//        ... --calls 10,50,200,500,1000   whole calls at those concurrency levels instead (see WholeCalls.cs), floor = the same
//        paced traffic against the static TwiML endpoint
//        ... --behind-nginx --public <url> --cert <pem> --instance-ports a,b --floor-port f --proxy-address a --work <dir>
//            one instance direct, one and two behind an nginx that ops/load-test has started (see InstancesComparison.cs)
// ops/load-test wraps it (provisions the database, builds, writes the report).
using System.Globalization;
using System.Net;
using System.Text;
using Dapper;
using Helpline.Data;
using Helpline.Data.Migrations;
using Helpline.Load;
using Npgsql;

// Fresh random secrets each run: the server runs as in Production, which refuses test-looking secrets. The floors'
// child process inherits them through the environment.
var authToken = Environment.GetEnvironmentVariable("HELPLINE_LOAD_AUTH_TOKEN") ?? ServerInstance.RandomSecret();
var adminToken = Environment.GetEnvironmentVariable("HELPLINE_LOAD_ADMIN_TOKEN") ?? ServerInstance.RandomSecret();
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
ChildProcesses.RecordIdsIn(Get("--pids"));
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
await ResetDatabaseAsync(dataSource);
try
{
    if (options.BehindNginx is { } nginx)
    {
        return await InstancesComparison.RunAsync(options, nginx, authToken, adminToken);
    }

    var floorUrl = await Floors.StartProcessAsync(FreePort(), options.ConnectionString);
    var server = await ServerInstance.StartAsync(options, FreePort(), authToken, adminToken, Path.Combine(Path.GetTempPath(), "helpline-load-journal")); // not ops/run's
    var startup = server.StartUp;
    var serverUrl = server.Url;
    await server.OpenLineAsync(adminToken);

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
            var floorResult = await WholeCalls.RunAsync(level, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(options.Seconds), WholeCalls.Floor(floorUrl));
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

        return callsFailed ? 1 : 0;
    }

    var report = new StringBuilder();
    report.AppendLine(CultureInfo.InvariantCulture, $"Start-up to first answer of the real server: {startup.TotalSeconds:0.00} s (process start to first 200 on /voice/incoming)");
    report.AppendLine();
    report.AppendLine("| target | connections | requests/s | p50 ms | p99 ms | max ms | errors |");
    report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
    var floor = Target.Direct(floorUrl);
    var results = await Comparison.RunAsync(
        [
            new Measured("A static TwiML", floor, Scenarios.Static(floor)),
            new Measured("C signature + 1 transaction", floor, Scenarios.OneTransaction(floor, authToken)),
            new Measured("full: incoming + menu step", server.Direct, Scenarios.FullCall(server.Direct, authToken)),
        ],
        options.Connections,
        TimeSpan.FromSeconds(options.Seconds),
        (measured, connections, result) =>
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {measured.Name} | {connections} | {result.RequestsPerSecond:0} | {result.P50:0.0} | {result.P99:0.0} | {result.Max:0.0} | {result.Errors} |");
            report.AppendLine(line);
            Console.WriteLine(line);
        });

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

    return results.Values.Any(r => r.Errors > 0) ? 1 : 0;

}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException)
{
    // A server or floor that did not start, or refused to open the line: its own lines above say why.
    Console.Error.WriteLine("ops/load: " + ex.Message);
    return 1;
}
finally
{
    ChildProcesses.KillAll();
}

string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task ResetDatabaseAsync(NpgsqlDataSource dataSource)
{
    await using var connection = await dataSource.OpenConnectionAsync();
    // Every run starts from the same database: no queue or calls left by an earlier run (a queue of 190,000 entries
    // left by earlier runs made the full path look twice as slow as on a fresh line).
    await connection.ExecuteAsync("truncate calls, call_events, queue_entries restart identity cascade");
    await connection.ExecuteAsync(
        "insert into calls (call_sid, flow_name, flow_hash, state, step, started_at, updated_at) " +
        "select 'CAFLOOR' || lpad(g::text, 27, '0'), 'floor', 'floor', 'accueil', 1, now(), now() from generate_series(1, 10000) g");
}
