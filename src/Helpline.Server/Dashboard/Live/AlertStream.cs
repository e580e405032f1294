using System.Net.ServerSentEvents;
using Helpline.Server.Alerts;

namespace Helpline.Server.Dashboard.Live;

/// <summary>
/// The supervisors' alert banners, live: <c>GET /supervision/alertes</c> sends the banners every second as the
/// server-sent event <c>alertes</c>. Read from memory (<see cref="AlertBoard"/>), not from PostgreSQL, so the banners
/// keep coming while the database does not answer — when the page's other live figures stop.
/// </summary>
internal static class AlertStream
{
    /// <summary>Maps the route on the supervisors' group.</summary>
    public static void MapAlertStream(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/alertes", (AlertBoard board, HttpContext context, CancellationToken ct) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.ServerSentEvents(LiveFeed.StreamAsync(_ => Task.FromResult(new AlertsSnapshot(board.Banners)), ct, "alertes"));
        });
    }
}
