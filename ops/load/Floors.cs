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
    public const string StaticTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say language=\"fr-FR\">Bonjour</Say></Response>";

    public static WebApplication Build(int port, string token, NpgsqlDataSource dataSource)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var validator = new RequestValidator(token);

        app.MapPost("/floor/static", () => Results.Text(StaticTwiml, "application/xml"));

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
