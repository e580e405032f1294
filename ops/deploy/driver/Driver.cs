using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace Helpline.DeploymentDriver;

/// <summary>
/// The trial's scenarios, in order, each recording what held: a whole call through nginx and both instances; the same
/// with one instance killed mid-call; forged forwarded headers; a rolling upgrade with a caller waiting while a new flow
/// version is deployed; a backup, the database destroyed, the restore, and the service on it.
/// </summary>
internal sealed partial class Driver(Provider provider, Deployment deployment, StandIn standIn, Verdicts results, DriverOptions options)
{
    public const string AccountSid = "AC00000000000000000000000000000000";

    private static readonly TimeSpan RedirectTimeout = TimeSpan.FromSeconds(30);

    private int A => options.Instances[0];

    private int B => options.Instances[1];

    public async Task RunAsync()
    {
        await results.RunAsync("start two instances", StartBothAsync);
        await results.RunAsync("whole call", WholeCallAsync);
        await results.RunAsync("instance killed mid-call", FailoverAsync);
        await results.RunAsync("forged forwarded headers", ForgedHeadersAsync);
        await results.RunAsync("rolling upgrade", RollingUpgradeAsync);
        await results.RunAsync("backup and restore", BackupAndRestoreAsync);
        await results.RunAsync("latency through nginx", LatencyAsync);
        Report();
    }

    private async Task StartBothAsync()
    {
        var ready = new List<double>();
        foreach (var port in options.Instances)
        {
            ready.Add(await deployment.StartAsync(port));
        }

        results.Check(ready.All(s => !double.IsNaN(s)), "Type=notify: each instance sends READY=1 to systemd's socket once it listens",
            "start to READY=1: " + string.Join(", ", ready.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture) + " s")));
        var migrations = await deployment.ScalarAsync<long>("select count(*) from schema_migrations");
        results.Check(migrations > 0, "migrations applied once by the first instance, none by the second", $"{migrations} rows in schema_migrations");
        _migrations = migrations;
    }

    private long _migrations;

    /// <summary>A caller who chose 4 and holds in the queue: the incoming call and the menu step, through nginx.</summary>
    private async Task<(string Sid, XElement Enqueue)> QueueCallerAsync()
    {
        var sid = Provider.NewCallSid();
        var menu = await provider.TwimlAsync("/voice/incoming", Provider.Incoming(sid));
        var gather = Provider.Action(menu, "Gather") ?? throw new InvalidOperationException("the welcome has no menu: " + menu);
        var queued = await provider.TwimlAsync(gather, Provider.Step(sid, ("Digits", "4")));
        var enqueue = queued.Descendants("Enqueue").SingleOrDefault() ?? throw new InvalidOperationException("choice 4 did not queue: " + queued);
        return (sid, enqueue);
    }

    /// <summary>One hold poll of the queue's wait URL, as the provider makes while the caller waits; throws unless the caller is kept holding.</summary>
    private async Task<XDocument> HoldAsync(string sid, XElement enqueue, int queueTime)
    {
        var hold = await provider.TwimlAsync(enqueue.Attribute("waitUrl")!.Value, Provider.Step(sid, ("QueueTime", queueTime.ToString(CultureInfo.InvariantCulture)), ("QueueSid", "QU0000")));
        if (hold.Descendants("Leave").Any() || !hold.Descendants().Any(e => e.Name.LocalName is "Play" or "Say"))
        {
            throw new InvalidOperationException($"the hold poll at QueueTime {queueTime} did not keep the caller holding: {hold}");
        }

        return hold;
    }

    /// <summary>
    /// The worker's leg: waits for a dispatcher's redirect at the stand-in, follows it (the dial of the worker), the
    /// whisper the worker hears, the dial's outcome; returns the whisper's words.
    /// </summary>
    private async Task<string> PutThroughAsync(string sid)
    {
        var agentUrl = await standIn.RedirectOfAsync(sid, RedirectTimeout);
        var dial = await provider.TwimlAsync(agentUrl, Provider.Step(sid));
        var number = dial.Descendants("Number").SingleOrDefault() ?? throw new InvalidOperationException("the worker's leg has no Number: " + dial);
        var whisper = await provider.TwimlAsync(number.Attribute("url")!.Value, Provider.Step(Provider.NewCallSid()));
        var end = await provider.TwimlAsync(Provider.Action(dial, "Dial")!, Provider.Step(sid, ("DialCallStatus", "completed"), ("DialCallDuration", "42")));
        if (!end.Descendants("Hangup").Any())
        {
            throw new InvalidOperationException("the dial's outcome did not end the call: " + end);
        }

        return Provider.Spoken(whisper);
    }

    private async Task HangUpAsync(string sid)
    {
        var form = Provider.Incoming(sid);
        form["CallStatus"] = "completed";
        form["CallDuration"] = "60";
        var status = await provider.PostAsync("/voice/status", form);
        if (status is not (HttpStatusCode.OK or HttpStatusCode.NoContent))
        {
            throw new InvalidOperationException($"status callback answered {(int)status}");
        }
    }

    private async Task<(string? Outcome, string? Queue)> StoredAsync(string sid) =>
        (await deployment.ScalarAsync<string?>("select outcome from calls where call_sid = @sid", new { sid }),
         await deployment.ScalarAsync<string?>("select status from queue_entries where call_sid = @sid", new { sid }));

    private void Report()
    {
        var latencies = provider.Latencies.Order().ToList();
        if (latencies.Count > 0)
        {
            results.Pass("webhooks through nginx (TLS) answered", string.Create(CultureInfo.InvariantCulture,
                $"{latencies.Count} webhooks, p50 {Verdicts.Ms(Percentile(latencies, 0.5))}, p99 {Verdicts.Ms(Percentile(latencies, 0.99))}, max {Verdicts.Ms(latencies[^1])} (driver's clock, one call at a time)"));
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

/// <summary>The driver's arguments (see ops/try-deployment).</summary>
internal sealed record DriverOptions(int[] Instances, int TrustedOnlyInstance, string ProxyAddress, bool Reduced);
