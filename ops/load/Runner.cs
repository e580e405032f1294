using System.Diagnostics;

namespace Helpline.Load;

internal sealed record Result(double RequestsPerSecond, double P50, double P99, double Max, long Errors);

/// <summary>Runs a scenario on N concurrent workers for a bounded time (after a warm-up) and summarises the latencies.</summary>
internal static class Runner
{
    /// <param name="target">Where the scenario's requests go: its connection pool (and the certificate it trusts) is built for it.</param>
    public static async Task<Result> RunAsync(Target target, Scenario scenario, int connections, TimeSpan warmup, TimeSpan duration)
    {
        using var handler = target.Handler(connections);
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
        await RunPhaseAsync(scenario, client, connections, warmup);
        return await RunPhaseAsync(scenario, client, connections, duration);
    }

    private static async Task<Result> RunPhaseAsync(Scenario scenario, HttpClient client, int connections, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
        {
            var latencies = new List<double>(100_000);
            var random = new Random(i);
            long errors = 0;
            while (clock.Elapsed < duration)
            {
                try
                {
                    await scenario(client, random, latencies);
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    errors++;
                    if (errors <= 3)
                    {
                        Console.Error.WriteLine("error: " + ex.Message);
                    }
                }
            }

            return (latencies, errors);
        })).ToList();
        var done = await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = done.SelectMany(d => d.latencies).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        return new Result(all.Length / elapsed, Percentile(0.50), Percentile(0.99), all.Length == 0 ? double.NaN : all[^1], done.Sum(d => d.errors));
    }
}
