using Helpline.Core.Flows.Execution;
using Helpline.Data;
using Helpline.Server.Flows;
using Helpline.Server.Storage;
using Npgsql;

namespace Helpline.Server.Hosting;

/// <summary>
/// <c>/healthz</c>: the process answers. <c>/readyz</c>: the database is reachable and migrated and a flow is loaded,
/// with details in JSON (503 when not ready) for the load balancer and the operator, including the journal of call
/// events waiting for the database (entries waiting, entries dropped).
/// </summary>
internal static class HealthApi
{
    /// <summary>Maps the health routes.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithTags("Health");
        app.MapGet("/readyz", ReadyAsync).WithTags("Health");
        return app;
    }

    private static async Task<IResult> ReadyAsync(NpgsqlDataSource dataSource, DatabaseInitializer database, FlowRegistry flows, FlowReloadStatus reloads, CallJournal journal, CancellationToken ct)
    {
        var reachable = await HelplineDataSource.PingAsync(dataSource, ct);
        var flow = flows.HasCurrent ? flows.Current : null;
        var ready = reachable && database.IsReady && flow is not null;
        var body = new
        {
            status = ready ? "ready" : "not-ready",
            database = new { reachable, migrated = database.IsReady, error = database.LastError },
            flow = flow is null ? null : new { name = flow.Name, hash = flow.Hash, source = flow.SourcePath, loadedAt = flows.CurrentSince },
            journal = new { pending = journal.Pending, dropped = journal.Dropped, capacity = journal.Capacity },
            lastRejectedReload = reloads.LastRejected is { } rejected ? new { at = rejected.At, hash = rejected.Hash, errors = rejected.Errors } : null,
        };
        return ready ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
