using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Helpline.Data.Routing;
using Helpline.Twilio.Rest;
using Npgsql;

namespace Helpline.Load;

/// <summary>
/// Routing figures: dispatch latency from "a worker becomes available" (NOTIFY sent) to the redirect request arriving
/// at a local stand-in of the provider's REST API, and the cost of one assignment with 10, 1,000 and 100,000 callers
/// waiting, in one class and with priorities (recalling callers ahead, some reserved for another worker).
/// </summary>
internal static class RoutingBenchmark
{
    public static async Task<string> RunAsync(NpgsqlDataSource dataSource, string connectionString, string standInUrl, Func<string, Task<DateTime>> arrival)
    {
        var report = new StringBuilder();
        var store = new RoutingStore(dataSource);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("truncate queue_entries; delete from workers");
        }

        await store.SeedWorkersAsync([("Bench", "+33600000001")], DateTimeOffset.UtcNow, default);
        var worker = (await store.ListWorkersAsync(default))[0].Id;
        using var http = new HttpClient { BaseAddress = new Uri(standInUrl) };
        var rest = new TwilioRestClient(http, "AC00000000000000000000000000000000", "token");

        // A dispatcher: LISTEN, assign, redirect.
        await using var listen = new NpgsqlConnection(connectionString);
        await listen.OpenAsync();
        var wake = new SemaphoreSlim(0);
        listen.Notification += (_, _) => wake.Release();
        await listen.ExecuteAsync("listen " + RoutingStore.Channel);
        using var stop = new CancellationTokenSource();
        var pump = Task.Run(async () => { while (!stop.IsCancellationRequested) { await listen.WaitAsync(stop.Token); } });
        var dispatcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await wake.WaitAsync(stop.Token);
                while (await store.TryAssignAsync(DateTimeOffset.UtcNow, default) is { } a)
                {
                    await rest.RedirectCallAsync(a.CallSid, "http://127.0.0.1/voice/agent?w=" + a.WorkerId, default);
                }
            }
        });

        var latencies = new List<double>();
        for (var i = 0; i < 1_000; i++)
        {
            var sid = "CABENCH" + i.ToString("D27", CultureInfo.InvariantCulture);
            await store.JoinQueueAsync(sid, "ecoutantes", "4", DateTimeOffset.UtcNow, default);
            var start = DateTime.UtcNow;
            await store.SetWorkerStatusAsync(worker, WorkerStatuses.Available, DateTimeOffset.UtcNow, default);
            var arrived = await arrival(sid);
            latencies.Add((arrived - start).TotalMilliseconds);
            await store.WorkerPickedUpAsync(sid, worker, null, DateTimeOffset.UtcNow, default);
            await store.DialOutcomeAsync(sid, worker, null, DialOutcome.Bridged, 3, DateTimeOffset.UtcNow, null, DateTimeOffset.UtcNow, default);
            await store.SetWorkerStatusAsync(worker, WorkerStatuses.Offline, DateTimeOffset.UtcNow, default);
        }

        await stop.CancelAsync();
        latencies.Sort();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Dispatch latency (worker becomes available → redirect arrives at the stand-in), 1,000 assignments: p50 {Pct(latencies, 0.5):0.0} ms, p99 {Pct(latencies, 0.99):0.0} ms, max {latencies[^1]:0.0} ms");
        report.AppendLine();
        // The other worker: the one a few recalling callers are reserved for (offline, so the benchmark's worker must skip them).
        await store.SeedWorkersAsync([("Other", "+33600000002")], DateTimeOffset.UtcNow, default);
        var other = (await store.ListWorkersAsync(default)).Single(w => w.Name == "Other").Id;
        report.AppendLine("| callers waiting | queue | one assignment (assign + give back), p50 ms | p99 ms |");
        report.AppendLine("|---:|---|---:|---:|");
        foreach (var waiting in new[] { 10, 1_000, 100_000 })
        {
            foreach (var mix in new[] { Mix.OneClass, Mix.Priorities, Mix.Callbacks })
            {
                var withPriorities = mix == Mix.Priorities;
                await using (var connection = await dataSource.OpenConnectionAsync())
                {
                    await connection.ExecuteAsync("truncate queue_entries, callback_requests");
                    await connection.ExecuteAsync(
                        "insert into queue_entries (call_sid, queue_name, joined_at, priority_at) " +
                        "select 'CAW' || lpad(g::text, 31, '0'), 'ecoutantes', now() - make_interval(secs => g), now() - make_interval(secs => g) from generate_series(1, @waiting) g",
                        new { waiting });
                    if (withPriorities)
                    {
                        // 1 % of the callers are recalls (a higher class); the 5 longest-waiting of them are reserved for the
                        // other worker (as many as recalls can be within a 20 s reservation on a line of this size).
                        await connection.ExecuteAsync("update queue_entries set priority = 10 where right(call_sid, 2) = '00'");
                        await connection.ExecuteAsync(
                            "update queue_entries set preferred_worker_id = @other, preferred_until = now() + interval '1 hour' " +
                            "where call_sid in (select call_sid from queue_entries where priority = 10 order by priority_at limit 5)", new { other });
                    }

                    if (mix == Mix.Callbacks)
                    {
                        // Issue 13: 1 % of the entries are call-back requests, half of them inside their window (the
                        // call-back class, ahead of callers holding), half scheduled for later (not due: skipped).
                        await connection.ExecuteAsync(
                            "with r as (insert into callback_requests (number_protected, window_name, window_from, window_to, summary, consented_at) " +
                            "select 'bench', 'des-que-possible', now() - interval '1 minute', now() + interval '4 hours', 'bench', now() from generate_series(1, greatest(2, @waiting / 100)) returning id) " +
                            "insert into queue_entries (call_sid, kind, callback_id, queue_name, status, joined_at, priority_at, priority, not_before, window_to) " +
                            "select 'callback:' || r.id, 'callback', r.id, 'ecoutantes', case when r.id % 2 = 0 then 'waiting' else 'scheduled' end, " +
                            "now() - make_interval(secs => r.id), now() - make_interval(secs => r.id), @callbackClass, " +
                            "case when r.id % 2 = 0 then now() - interval '1 minute' else now() + interval '3 hours' end, now() + interval '4 hours' from r",
                            new { waiting, callbackClass = (short)Helpline.Core.Routing.QueueOrder.CallbackWindowOpen });
                    }

                    await connection.ExecuteAsync("analyze queue_entries");
                }

                await store.SetWorkerStatusAsync(worker, WorkerStatuses.Available, DateTimeOffset.UtcNow, default);
                var costs = new List<double>();
                for (var i = 0; i < 300; i++)
                {
                    var clock = Stopwatch.StartNew();
                    var a = await store.TryAssignAsync(DateTimeOffset.UtcNow, default) ?? throw new InvalidOperationException("no assignment");
                    await store.OfferFailedAsync(a.CallSid, a.WorkerId, callerGone: false, DateTimeOffset.UtcNow, default);
                    costs.Add(clock.Elapsed.TotalMilliseconds);
                }

                costs.Sort();
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {waiting:N0} | {mix switch { Mix.Priorities => "1 % recalls, 5 reserved for another worker", Mix.Callbacks => "1 % call-back requests (half due, half scheduled)", _ => "one class" }} | {Pct(costs, 0.5):0.00} | {Pct(costs, 0.99):0.00} |");
            }
        }

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("truncate queue_entries, callback_requests; delete from workers");
        }

        return report.ToString();
    }

    private enum Mix
    {
        OneClass,
        Priorities,
        Callbacks,
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
