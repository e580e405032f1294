using System.Text.Json;
using Helpline.Data.Callers;
using Helpline.Server.Hosting;
using Helpline.Server.Security;

namespace Helpline.Server.Callers;

/// <summary>
/// Flags on callers for scripts and the supervisors' tools (<c>/api/callers/flags</c>, admin token or a supervisor's
/// session; a worker's session gets 403). A flag is raised on the caller of a call, named by its CallSid: nobody types
/// or sees a number.
/// <list type="bullet">
/// <item><c>GET /api/callers/flags</c>: proposed and active flags, newest first.</item>
/// <item><c>GET /api/callers/flags/{id}</c>: one flag with its history (404 when unknown).</item>
/// <item><c>PUT /api/callers/flags/{callSid}</c> with <c>{"kind": "blocked"|"watch", "reason": code, "note"?: text,
/// "days"?: 1..MaxFlagDays, "reviewDays"?: 1..days}</c>: flags her at once (replacing her current flag); 400 with a
/// problem body naming the field for an unknown call, a withheld number or a bad field.</item>
/// <item><c>DELETE /api/callers/flags/{callSid}</c>: lifts her active flag (404 when she has none).</item>
/// <item><c>POST /api/callers/flags/{id}/confirm</c> (optional JSON body <c>{"kind": …}</c> to change the proposed kind), <c>/reject</c>, <c>/lift</c>: 409 when
/// the flag is not in a state the decision applies to, 404 when unknown.</item>
/// </list>
/// </summary>
internal static class FlagsApi
{
    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapFlagsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/callers/flags").AddEndpointFilter<AdminTokenFilter>().WithTags("Callers");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        group.MapPut("/{callSid}", PutAsync);
        group.MapDelete("/{callSid}", DeleteAsync);
        group.MapPost("/{id:long}/{decision:regex(^(confirm|reject|lift)$)}", DecideAsync);
        return group;
    }

    /// <summary>Who acts: the signed-in supervisor's name, or <c>api</c> for the admin token.</summary>
    public static string Actor(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "api";
    }

    private static async Task<IResult> ListAsync(FlagStore store, FlagService flags, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok((await store.CurrentAsync(time.GetUtcNow(), ct)).Select(f => Shape(f, flags)));

    private static async Task<IResult> GetAsync(long id, FlagStore store, FlagService flags, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } flag)
        {
            return TypedResults.NotFound();
        }

        var history = await store.HistoryAsync(id, ct);
        return TypedResults.Ok(new { flag = Shape(flag, flags), history = history.Select(h => new { at = h.At, actor = h.Actor, action = h.Action }) });
    }

    private static async Task<IResult> PutAsync(string callSid, HttpRequest request, FlagService flags, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the body as JSON (Content-Type: application/json).");
        }

        var (fields, errors) = await JsonFields.ReadAsync(request, ["kind", "reason", "note", "days", "reviewDays"], ct);
        if (fields is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var raised = await flags.RaiseAsync(callSid, new FlagService.Fields(fields.GetValueOrDefault("kind"), fields.GetValueOrDefault("reason"),
            fields.GetValueOrDefault("note"), fields.GetValueOrDefault("days"), fields.GetValueOrDefault("reviewDays")), Actor(request.HttpContext), proposedBy: null, ct);
        foreach (var (field, messages) in raised.Errors)
        {
            errors.TryAdd(field, messages);
        }

        return errors.Count > 0 || raised.Id is null ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(new { id = raised.Id });
    }

    private static async Task<IResult> DeleteAsync(string callSid, HttpContext context, FlagService flags, CancellationToken ct) =>
        await flags.LiftForCallAsync(callSid, Actor(context), ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<IResult> DecideAsync(long id, string decision, HttpRequest request, FlagStore store, FlagService flags, CancellationToken ct)
    {
        string? kind = null;
        if (decision == "confirm" && request.HasJsonContentType())
        {
            var (fields, errors) = await JsonFields.ReadAsync(request, ["kind"], ct);
            if (fields is null)
            {
                return TypedResults.ValidationProblem(errors);
            }

            kind = fields.GetValueOrDefault("kind");
            if (kind is not null && !FlagKinds.IsKnown(kind))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["must be \"blocked\" or \"watch\""] });
            }
        }

        if (await store.GetAsync(id, ct) is null)
        {
            return TypedResults.NotFound();
        }

        var done = await flags.DecideAsync(id, decision switch { "confirm" => "confirmed", "reject" => "rejected", _ => "lifted" }, kind, Actor(request.HttpContext), ct);
        return done
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Flag {id} cannot be {decision}ed in its current state (a proposal is confirmed or rejected, an active flag lifted).");
    }

    private static object Shape(CallerFlag flag, FlagService flags) => new
    {
        id = flag.Id,
        kind = flag.Kind,
        reason = flag.Reason,
        reasonLabel = flags.ReasonLabel(flag.Reason),
        note = flag.Note,
        status = flag.Status,
        createdBy = flag.CreatedBy,
        createdAt = flag.CreatedAt,
        expiresAt = flag.ExpiresAt,
        reviewAt = flag.ReviewAt,
        decidedBy = flag.DecidedBy,
        decidedAt = flag.DecidedAt,
        blockedCalls = flag.BlockedCalls,
    };
}
