using System.Net;
using System.Net.Http.Json;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

public sealed partial class CallbackTests
{
    /// <summary>
    /// Review of issue 14 (sibling of the blocked caller's path): a caller who asked for a call-back while waiting, then is
    /// blocked by a supervisor (harassing the workers), keeps her call-back request in the queue: flags are read only by
    /// the call's creation statement, never by the call-back path, so when her turn comes a worker is rung and put
    /// through to the blocked caller. "blocked: … no menu, no queue."
    /// </summary>
    [Fact]
    public async Task A_caller_blocked_after_asking_for_a_call_back_is_not_called_back()
    {
        const string abuser = "+33655200001";
        var (sid, _, _) = await RequestCallbackAsync(abuser);
        (await _app.Twilio().PostAsync("/voice/status", Form(sid, abuser, ("CallStatus", "completed"), ("CallDuration", "90")))).Dispose();
        using (var admin = Admin())
        using (var put = await admin.PutAsJsonAsync($"/api/callers/flags/{sid}", new { kind = "blocked", reason = "harcelement-ecoutantes" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await SetStatusAsync("Alice", "available");
        for (var i = 0; i < 3; i++)
        {
            await DispatchAsync();
            await Task.Delay(300);
        }

        var placed = _rest.LogEntries.Count(e => e.RequestMessage!.Path.EndsWith("/Calls.json", StringComparison.Ordinal));
        Assert.True(placed == 0, $"the line placed {placed} call(s) to a worker to call back the blocked caller (request: {(await RequestAsync(1)).Status}, entry: {await EntryStatusAsync(1)})");
    }
}
