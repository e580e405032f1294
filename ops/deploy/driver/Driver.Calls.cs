using System.Globalization;

namespace Helpline.DeploymentDriver;

internal sealed partial class Driver
{
    /// <summary>Incoming, menu key 4, the queue, a worker's leg through the stand-in, the status callback: all through https://… and nginx.</summary>
    private async Task WholeCallAsync()
    {
        await deployment.SetWorkerAsync(A, "available");
        var (sid, enqueue) = await QueueCallerAsync();
        await HoldAsync(sid, enqueue, 5);
        var whisper = await PutThroughAsync(sid);
        await HangUpAsync(sid);

        results.Check(whisper.Contains("Choix du menu : 4", StringComparison.Ordinal), "whole call: the worker's whisper names the caller's choice",
            $"whisper: \"{whisper}\"");
        var (outcome, queue) = await StoredAsync(sid);
        results.Check(outcome == "answered" && queue == "answered", "whole call: incoming, key 4, queue, worker's leg via the REST stand-in, status callback",
            $"calls.outcome={outcome}, queue_entries.status={queue}");
    }

    /// <summary>The same with instance A killed (SIGKILL) while the caller waits: nginx sends the next webhooks to B, and B's dispatcher puts the caller through.</summary>
    private async Task FailoverAsync()
    {
        await deployment.SetWorkerAsync(B, "pause");
        var (sid, enqueue) = await QueueCallerAsync();
        await HoldAsync(sid, enqueue, 5);

        await deployment.ControlAsync("kill", A.ToString(CultureInfo.InvariantCulture));
        var answered = 0;
        for (var i = 1; i <= 6; i++)
        {
            await HoldAsync(sid, enqueue, 5 + (10 * i));
            answered++;
        }

        await deployment.SetWorkerAsync(B, "available");
        var whisper = await PutThroughAsync(sid);
        await HangUpAsync(sid);
        var (outcome, queue) = await StoredAsync(sid);
        results.Check(outcome == "answered" && queue == "answered" && answered == 6,
            "instance A killed (SIGKILL) mid-call: the call goes on through B",
            $"{answered}/6 hold polls answered after the kill, worker put through (whisper \"{whisper}\"), calls.outcome={outcome}, queue_entries.status={queue}");

        var ready = await deployment.StartAsync(A);
        results.Check(await Deployment.EventuallyAsync(async () => await Deployment.FlowHashAsync(A) == await Deployment.FlowHashAsync(B)),
            "instance A restarted after the kill, on the same flow as B", string.Create(CultureInfo.InvariantCulture, $"READY=1 after {ready:0.00} s"));
    }
}
