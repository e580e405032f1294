using System.Net.Http.Headers;
using System.Net.Http.Json;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

public sealed partial class RoutingTests
{
    /// <summary>
    /// Issue 14: a caller a supervisor flagged "watch" goes through, and the worker is warned before being connected —
    /// her whisper says "appelant signalé" first — while the call itself carries no number anywhere the worker sees.
    /// </summary>
    [Fact]
    public async Task A_watched_caller_is_offered_and_the_worker_is_warned_in_the_whisper()
    {
        var earlier = TwilioClient.NewCallSid();
        await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(earlier));
        await StatusCompletedAsync(earlier);
        using (var admin = _app.CreateClient())
        {
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _app.AdminTokenInUse);
            using var put = await admin.PutAsJsonAsync($"/api/callers/flags/{earlier}", new { kind = "watch", reason = "agresseur-presume" });
            Assert.Equal(System.Net.HttpStatusCode.OK, put.StatusCode);
        }

        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync("4");
        var agentUrl = AgentUrl((await WaitForRedirectAsync(sid)).Body);
        var whisper = await WhisperAsync(await _app.Twilio().TwimlAsync(agentUrl, TwilioClient.Step(sid)));

        Assert.Contains("&tags=appelant-signale&", agentUrl, StringComparison.Ordinal);
        Assert.StartsWith("Appelant signalé : restez vigilante", TwilioClient.Heard(whisper), StringComparison.Ordinal);
    }
}
