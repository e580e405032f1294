using Helpline.Core.Flows.Execution;
using Helpline.Data.Hours;
using Helpline.Server.Hours;
using Helpline.Server.Security;

namespace Helpline.Server.Apis;

/// <summary>
/// Exceptional opening or closing at run time, without editing YAML (a team away, a crisis that calls for longer
/// hours): <c>PUT/GET/DELETE /api/hours/override</c>. The override is stored in PostgreSQL, survives restarts, expires
/// by itself at <c>until</c> and is logged as a service event.
/// </summary>
public static class HoursApi
{
    /// <summary>An override may not last longer than this: a forgotten one must not keep the line closed for months.</summary>
    public static TimeSpan MaxDuration { get; } = TimeSpan.FromDays(62);

    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapHoursApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/hours").AddEndpointFilter<AdminTokenFilter>().WithTags("Hours");
        group.MapGet("/override", Get);
        group.MapPut("/override", PutAsync);
        group.MapDelete("/override", DeleteAsync);
        return group;
    }

    /// <summary>The body of <c>PUT /api/hours/override</c>.</summary>
    /// <param name="Mode"><c>open</c> or <c>closed</c>.</param>
    /// <param name="Until">When the override ends by itself (an instant with its offset, ISO 8601).</param>
    /// <param name="Reason">Why, for the event log and the team.</param>
    public sealed record OverrideRequest(string? Mode, DateTimeOffset? Until, string? Reason);

    private static IResult Get(HoursOverrideService overrides, FlowRegistry flows, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var active = overrides.Active;
        var status = flows.Current.Definition.Calendar.Evaluate(now, active);
        return TypedResults.Ok(new
        {
            active = active is not null,
            @override = active is null ? null : new { mode = active.Mode.ToString().ToLowerInvariant(), until = active.Until, reason = active.Reason, setAt = overrides.Stored?.SetAt },
            now,
            open = status.IsOpen,
            because = status.Reason.ToString(),
            detail = status.Detail,
        });
    }

    private static async Task<IResult> PutAsync(OverrideRequest? body, HoursOverrideService overrides, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["a JSON body {\"mode\", \"until\", \"reason\"} is required"] });
        }

        if (body.Mode is not ("open" or "closed"))
        {
            errors["mode"] = ["must be \"open\" or \"closed\""];
        }

        if (body.Until is null)
        {
            errors["until"] = ["is required: the instant the override ends by itself, e.g. \"2026-11-24T20:00:00+01:00\""];
        }
        else if (body.Until <= now)
        {
            errors["until"] = ["must be in the future"];
        }
        else if (body.Until - now > MaxDuration)
        {
            errors["until"] = [$"must be within {MaxDuration.TotalDays:0} days; edit the flow's calendar for longer changes"];
        }

        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 500)
        {
            errors["reason"] = ["is required (at most 500 characters)"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var stored = new StoredHoursOverride(body.Mode!, body.Until!.Value, body.Reason!.Trim(), now, "admin-token");
        await overrides.SetAsync(stored, ct);
        return TypedResults.Ok(new { mode = stored.Mode, until = stored.Until, reason = stored.Reason, setAt = stored.SetAt });
    }

    private static async Task<IResult> DeleteAsync(HoursOverrideService overrides, CancellationToken ct) =>
        await overrides.ClearAsync("admin-token", ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
