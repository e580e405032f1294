using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Helpline.DeploymentDriver;

/// <summary>
/// A stand-in of the provider's REST API on 127.0.0.1: records each call redirect an instance's dispatcher asks for
/// (<c>POST /2010-04-01/Accounts/{account}/Calls/{sid}.json</c>, form <c>Url=…&amp;Method=POST</c>) so the driver can
/// follow the URL as the provider would, and says every call it is asked about is in progress (the stale-call sweeper).
/// </summary>
internal sealed class StandIn : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _redirects = new();
    private readonly WebApplication _app;

    public StandIn(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.MapPost("/2010-04-01/Accounts/{account}/Calls/{call}", async (string call, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var sid = call.Replace(".json", string.Empty, StringComparison.Ordinal);
            Redirect(sid).TrySetResult(form["Url"].ToString());
            return Results.Json(new { sid, status = "in-progress" });
        }).DisableAntiforgery();
        _app.MapGet("/2010-04-01/Accounts/{account}/Calls/{call}", (string call) =>
            Results.Json(new { sid = call.Replace(".json", string.Empty, StringComparison.Ordinal), status = "in-progress" }));
    }

    public Task StartAsync() => _app.StartAsync();

    /// <summary>The URL the dispatcher redirected <paramref name="callSid"/> to, once it has.</summary>
    public async Task<string> RedirectOfAsync(string callSid, TimeSpan timeout) =>
        await Redirect(callSid).Task.WaitAsync(timeout);

    public bool WasRedirected(string callSid) => _redirects.TryGetValue(callSid, out var redirect) && redirect.Task.IsCompleted;

    private TaskCompletionSource<string> Redirect(string sid) =>
        _redirects.GetOrAdd(sid, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
