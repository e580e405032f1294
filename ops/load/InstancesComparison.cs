using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Helpline.Load;

/// <summary>
/// ops/load-test --behind-nginx: the full path (incoming + one menu step) against one instance reached directly, the
/// same instance behind nginx, and two instances behind nginx (the same PostgreSQL and database), with floor A (static
/// TwiML) reached directly and through nginx, in one run. nginx, started by the script from the shipped sample, picks
/// the upstream group from <c>X-Load-Upstream</c> (one, two, floor); every request through it is https with a
/// signature for the public URL, as the provider sends them. Writes the table to the output file (…-instances.md).
/// </summary>
internal static class InstancesComparison
{
    private const string FloorDirect = "floor A, direct";
    private const string FloorNginx = "floor A, through nginx";
    private const string OneDirect = "full path, 1 instance direct";
    private const string OneNginx = "full path, 1 instance behind nginx";
    private const string TwoNginx = "full path, 2 instances behind nginx";

    public static async Task<int> RunAsync(LoadOptions options, BehindNginxOptions nginx, string authToken, string adminToken)
    {
        var floorUrl = await Floors.StartProcessAsync(nginx.FloorPort, options.ConnectionString);
        var instances = new List<ServerInstance>();
        foreach (var port in nginx.InstancePorts)
        {
            // One after the other, as in a deployment; each with its own journal.
            instances.Add(await ServerInstance.StartAsync(options, port, authToken, adminToken,
                Path.Combine(nginx.WorkFolder, "journal-" + port.ToString(CultureInfo.InvariantCulture)), nginx.PublicUrl, nginx.ProxyAddress));
        }

        await instances[0].OpenLineAsync(adminToken);
        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(nginx.CertificatePath));
        Target Proxy(string upstream) => new(nginx.PublicUrl, nginx.PublicUrl, upstream, certificate);
        var floor = Target.Direct(floorUrl);
        var lines = new List<Measured>
        {
            new(FloorDirect, floor, Scenarios.Static(floor)),
            new(FloorNginx, Proxy("floor"), Scenarios.Static(Proxy("floor"))),
            new(OneDirect, instances[0].Direct, Scenarios.FullCall(instances[0].Direct, authToken)),
            new(OneNginx, Proxy("one"), Scenarios.FullCall(Proxy("one"), authToken)),
            new(TwoNginx, Proxy("two"), Scenarios.FullCall(Proxy("two"), authToken)),
        };

        Console.WriteLine(string.Join("; ", instances.Select(i => $"{i.Url} answered in {i.StartUp.TotalSeconds:0.00} s")));
        Console.WriteLine("| connections | target | requests/s | × its floor A | p50 ms | p99 ms | max ms | errors |");
        var results = await Comparison.RunAsync(lines, options.Connections, TimeSpan.FromSeconds(options.Seconds),
            (measured, connections, result) => Console.WriteLine(Row(measured.Name, connections, result, null)));

        var report = new StringBuilder();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"One run of `ops/load-test --behind-nginx` ({options.Seconds} s per line after a 2 s warm-up, lines interleaved at each connection count; {Environment.ProcessorCount} cores shared by the load tool, nginx, PostgreSQL and the instances).") +
            " Full path = incoming + one menu step, each " +
            "webhook counted as one request, signed for the public https URL. \"× its floor A\": requests/s over floor A reached the same way " +
            "(direct for the direct line, through nginx for the lines behind it).");
        report.AppendLine();
        report.AppendLine("| connections | target | requests/s | × its floor A | p50 ms | p99 ms | max ms | errors |");
        report.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var connections in options.Connections)
        {
            foreach (var line in lines)
            {
                var floorOfLine = line.Name switch { FloorDirect or FloorNginx => (Result?)null, OneDirect => results[(FloorDirect, connections)], _ => results[(FloorNginx, connections)] };
                report.AppendLine(Row(line.Name, connections, results[(line.Name, connections)], floorOfLine));
            }
        }

        report.AppendLine();
        foreach (var connections in options.Connections)
        {
            Result R(string name) => results[(name, connections)];
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"At {connections} connections: 2 instances behind nginx = {R(TwoNginx).RequestsPerSecond / R(OneNginx).RequestsPerSecond:P0} of 1 instance behind nginx's " +
                $"throughput (p99 {R(TwoNginx).P99 / R(OneNginx).P99:0.00}×); 1 instance behind nginx = {R(OneNginx).RequestsPerSecond / R(OneDirect).RequestsPerSecond:P0} " +
                $"of the same instance direct (p99 {R(OneNginx).P99 / R(OneDirect).P99:0.00}×); floor A through nginx = {R(FloorNginx).RequestsPerSecond / R(FloorDirect).RequestsPerSecond:P0} of floor A direct."));
        }

        Console.WriteLine();
        Console.WriteLine(report);
        if (options.Output is not null)
        {
            await File.WriteAllTextAsync(options.Output, report.ToString());
        }

        return results.Values.Any(r => r.Errors > 0) ? 1 : 0;
    }

    private static string Row(string name, int connections, Result result, Result? floor) => string.Create(CultureInfo.InvariantCulture,
        $"| {connections} | {name} | {result.RequestsPerSecond:0} | {(floor is null ? "—" : (result.RequestsPerSecond / floor.RequestsPerSecond).ToString("0.00", CultureInfo.InvariantCulture))} | {result.P50:0.0} | {result.P99:0.0} | {result.Max:0.0} | {result.Errors} |");
}
