using System.Globalization;

namespace Helpline.DeploymentDriver;

internal sealed partial class Driver
{
    /// <summary>
    /// A caller waits in the queue on flow version 1 while the new build is installed with flow version 2 (its whisper
    /// reads differently); then A is restarted on the new build, then B, one at a time. The caller's hold polls are
    /// answered throughout (by B while A restarts, by the new A alone while B restarts, which never loaded version 1
    /// itself), and when put through, the worker hears version 1's whisper; a new caller gets version 2's.
    /// </summary>
    private async Task RollingUpgradeAsync()
    {
        var before = await Deployment.FlowHashAsync(A);
        await deployment.SetWorkerAsync(A, "pause");
        var (sid, enqueue) = await QueueCallerAsync();
        var firstHold = HoldAudio(await HoldAsync(sid, enqueue, 5));
        var polls = 1;

        var releaseBefore = (await deployment.ControlAsync("release", A.ToString(CultureInfo.InvariantCulture))).Trim();
        await deployment.ControlAsync("upgrade");
        var reloaded = await Deployment.EventuallyAsync(async () => await Deployment.FlowHashAsync(A) != before && await Deployment.FlowHashAsync(B) != before);
        var after = await Deployment.FlowHashAsync(A);
        results.Check(reloaded, "new flow version deployed: both running instances serve it to new calls (live reload)",
            $"flow {Short(before)} -> {Short(after)}");

        // A newer build may have added a migration this one does not know: an instance must still start (forward-only).
        await deployment.ExecuteAsync("insert into schema_migrations (version, name, checksum, applied_at) values (9999, '9999_from_a_newer_build.sql', 'x', now())");
        await deployment.StopAsync(A);
        await HoldAsync(sid, enqueue, 20);
        polls++;
        await deployment.StartAsync(A);
        await deployment.ExecuteAsync("delete from schema_migrations where version = 9999");
        var releaseA = (await deployment.ControlAsync("release", A.ToString(CultureInfo.InvariantCulture))).Trim();
        results.Check(releaseA != releaseBefore, "A restarted on the new build (a running instance keeps its own release until restarted)",
            $"A ran {releaseBefore}, now {releaseA}; B still on {(await deployment.ControlAsync("release", B.ToString(CultureInfo.InvariantCulture))).Trim()}");

        await deployment.StopAsync(B);
        var aloneHold = HoldAudio(await HoldAsync(sid, enqueue, 35));
        polls++;
        await deployment.StartAsync(B);
        await HoldAsync(sid, enqueue, 50);
        polls++;
        results.Check(aloneHold == firstHold && aloneHold.Length > 0, "caller waiting during the upgrade: every hold poll answered, the new build alone plays the caller's hold",
            $"{polls} hold polls answered across both restarts, playing {aloneHold}");

        await deployment.SetWorkerAsync(A, "available");
        var whisper = await PutThroughAsync(sid);
        await HangUpAsync(sid);
        var (outcome, queue) = await StoredAsync(sid);
        var hash = await deployment.ScalarAsync<string>("select flow_hash from calls where call_sid = @sid", new { sid });
        results.Check(outcome == "answered" && hash == before && !whisper.Contains(FlowVersion2Mark, StringComparison.Ordinal),
            "the call in flight finished on its flow version after the rolling upgrade",
            $"flow {Short(hash)}, whisper \"{whisper}\", calls.outcome={outcome}, queue_entries.status={queue}");

        var (newSid, _) = await QueueCallerAsync();
        var newWhisper = await PutThroughAsync(newSid);
        await HangUpAsync(newSid);
        var newHash = await deployment.ScalarAsync<string>("select flow_hash from calls where call_sid = @newSid", new { newSid });
        results.Check(newHash == after && newWhisper.Contains(FlowVersion2Mark, StringComparison.Ordinal), "a new call after the upgrade runs the new flow version",
            $"flow {Short(newHash)}, whisper \"{newWhisper}\"");

        var migrations = await deployment.ScalarAsync<long>("select count(*) from schema_migrations");
        results.Check(migrations == _migrations, "migrations idempotent: restarts and the new build applied none twice",
            $"{migrations} rows in schema_migrations, as after the first start");
    }

    /// <summary>The words ops/try-deployment adds to the whisper of flow version 2.</summary>
    private const string FlowVersion2Mark = "nouvelle version";

    /// <summary>What a hold answer plays (the announcement of position and wait varies with QueueTime and is left out).</summary>
    private static string HoldAudio(System.Xml.Linq.XDocument hold) =>
        string.Join(", ", hold.Root!.Elements()
            .Where(e => !(e.Name.LocalName == "Say" && e.Value.Contains("position", StringComparison.Ordinal)))
            .Select(e => e.Name.LocalName + (e.Value.Length > 0 ? " " + e.Value.Trim()[..Math.Min(40, e.Value.Trim().Length)] : string.Empty)));

    private static string Short(string? hash) => hash is null ? "(none)" : hash[..Math.Min(12, hash.Length)];
}
