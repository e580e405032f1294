using Helpline.Data.Routing;
using Helpline.Server.Security;

namespace Helpline.Server.Agents;

/// <summary>
/// The social workers' status and the live queue, for the dashboard and scripts: <c>GET /api/workers</c>,
/// <c>PUT /api/workers/{id}/status</c> (available, pause, offline; during a call the choice is kept and answered 202,
/// taking effect when the call and its wrap-up are over), <c>GET /api/queue</c> (never a phone number).
/// </summary>
internal static class WorkersApi
{
    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapWorkersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").AddEndpointFilter<AdminTokenFilter>().WithTags("Routing");
        group.MapGet("/workers", ListAsync);
        group.MapPut("/workers/{id:int}/status", SetStatusAsync);
        group.MapGet("/queue", QueueAsync);
        return group;
    }

    /// <summary>The body of <c>PUT /api/workers/{id}/status</c>.</summary>
    /// <param name="Status"><c>available</c>, <c>pause</c> or <c>offline</c>.</param>
    public sealed record StatusRequest(string? Status);

    private static async Task<IResult> ListAsync(RoutingStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListWorkersAsync(ct)).Select(w => new { id = w.Id, name = w.Name, status = w.Status, statusSince = w.StatusSince, active = w.Active, missedInARow = w.MissedInARow, callsAnswered = w.CallsAnswered, pendingStatus = w.PendingStatus, autoPaused = w.AutoPaused }));

    private static async Task<IResult> SetStatusAsync(int id, StatusRequest? body, RoutingStore store, Dispatcher dispatcher, TimeProvider time, CancellationToken ct)
    {
        if (body?.Status is not (WorkerStatuses.Available or WorkerStatuses.Pause or WorkerStatuses.Offline))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["must be \"available\", \"pause\" or \"offline\""] });
        }

        var changed = await store.SetWorkerStatusAsync(id, body.Status, time.GetUtcNow(), ct);
        if (changed is null)
        {
            return TypedResults.NotFound();
        }

        if (changed == WorkerStatusChange.Pending)
        {
            // Kept, not lost: the choice takes effect when the call and its wrap-up are over.
            return TypedResults.Accepted((string?)null, new { status = "pending", pendingStatus = body.Status == WorkerStatuses.Available ? null : body.Status });
        }

        dispatcher.Wake();
        return TypedResults.NoContent();
    }

    private static async Task<IResult> QueueAsync(RoutingStore store, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok((await store.QueueAsync(time.GetUtcNow(), ct)).Select(c => new { position = c.Position, status = c.Status, waitedSeconds = c.WaitedSeconds, menuChoice = c.MenuChoice }));
}
