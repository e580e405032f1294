using Dapper;
using Helpline.Twilio.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Helpline.Load;

/// <summary>The two floors, in their own Kestrel app: what the full path is compared with.</summary>
internal static class Floors
{
    /// <summary>When each redirected call's request arrived at the stand-in (completed on arrival).</summary>
    public static System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<DateTime>> Arrivals { get; } = new();

    public static Task<DateTime> ArrivalOf(string callSid) =>
        Arrivals.GetOrAdd(callSid, _ => new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public const string StaticTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say language=\"fr-FR\">Bonjour</Say></Response>";

    /// <summary>
    /// Starts the floors in their own process (<c>--serve-floors</c>), like the real server, so every target is measured
    /// with the same process topology (driver in one process, target in another); returns once they answer.
    /// </summary>
    public static async Task<string> StartProcessAsync(int port, string connectionString)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(typeof(Floors).Assembly.Location);
        start.ArgumentList.Add("--serve-floors");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(connectionString);
        ChildProcesses.Start(start);
        var url = $"http://127.0.0.1:{port}";
        using var client = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var response = await client.PostAsync(url + "/floor/static", new FormUrlEncodedContent([]));
                if (response.IsSuccessStatusCode)
                {
                    return url;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException(url + "/floor/static did not answer");
    }

    public static WebApplication Build(int port, string token, NpgsqlDataSource dataSource)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var validator = new RequestValidator(token);

        app.MapPost("/floor/static", () => Results.Text(StaticTwiml, "application/xml"));

        // Stand-in for the provider's REST call redirect (routing benchmark): records when each redirect arrives.
        app.MapPost("/2010-04-01/Accounts/{account}/Calls/{call}", (string call) =>
        {
            var now = DateTime.UtcNow;
            Arrivals.GetOrAdd(call.Replace(".json", string.Empty, StringComparison.Ordinal), _ => new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(now);
            return Results.Json(new { sid = call, status = "in-progress" });
        }).DisableAntiforgery();

        app.MapPost("/floor/db", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (!validator.Validate($"http://127.0.0.1:{port}/floor/db", form, http.Request.Headers["X-Twilio-Signature"]))
            {
                return Results.StatusCode(403);
            }

            // One transaction, one round trip: update one call row and append one event.
            await using var connection = await dataSource.OpenConnectionAsync();
            await connection.ExecuteAsync(
                "with c as (update calls set step = step + 1, updated_at = now() where call_sid = @sid returning id) " +
                "insert into call_events (call_id, call_sid, at, kind, detail) select id, @sid, now(), 'floor', @detail::jsonb from c",
                new { sid = form["CallSid"].ToString(), detail = "{\"floor\":true}" });
            return Results.Text(StaticTwiml, "application/xml");
        }).DisableAntiforgery();
        return app;
    }
}
