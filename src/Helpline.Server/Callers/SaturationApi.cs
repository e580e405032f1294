using System.Globalization;
using Helpline.Core.Calendar;
using Helpline.Core.Flows.Execution;
using Helpline.Data.Callers;
using Helpline.Server.Hosting;
using Helpline.Server.Security;

namespace Helpline.Server.Callers;

/// <summary>
/// Saturation mode for scripts and the supervisors' tools (<c>/api/saturation</c>, admin token or a supervisor's
/// session): while it lasts, every new caller types a short code spoken by the line before being queued (the menu's
/// emergency keys come first; a caller cut off recently is not challenged). Like the hours override it is stored, shared
/// by every instance, ends by itself at <c>until</c> and is logged.
/// <list type="bullet">
/// <item><c>GET</c>: <c>{active, until, reason, setBy, setAt, passed, failed}</c> — challenges passed and failed since it was set.</item>
/// <item><c>PUT</c> <c>{"until": Paris time or with offset, "reason": text}</c>: 409 when the flow in service has no
/// <c>challenge:</c> block (it would challenge nobody); 400 with a problem body naming the field
/// for a past instant, one more than <see cref="MaxDuration"/> ahead, a time a clock change skips or repeats, or no reason.</item>
/// <item><c>DELETE</c>: switches it off (404 when it was not on).</item>
/// </list>
/// </summary>
internal static class SaturationApi
{
    /// <summary>The longest saturation mode: a forgotten one must not challenge every caller for weeks.</summary>
    public static TimeSpan MaxDuration { get; } = TimeSpan.FromDays(7);

    /// <summary>Why saturation mode is refused on a flow that has no <c>challenge:</c> block: it would challenge nobody.</summary>
    public const string NoChallenge = "The flow in service has no 'challenge:' block: saturation mode would challenge nobody. Add the block (docs/guide-operateur.md), reload, then switch it on.";

    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapSaturationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/saturation").AddEndpointFilter<AdminTokenFilter>().WithTags("Callers");
        group.MapGet("/", GetAsync);
        group.MapPut("/", PutAsync);
        group.MapDelete("/", DeleteAsync);
        return group;
    }

    /// <summary>
    /// Checks a saturation request typed by a supervisor or a script: <paramref name="until"/> read by
    /// <see cref="LocalInstant"/> in <paramref name="zone"/> (in the future, within <see cref="MaxDuration"/>), a reason of
    /// 1 to 500 characters. Returns the mode, or null with the errors by field (<c>until</c>, <c>reason</c>).
    /// </summary>
    public static SaturationMode? Validate(string? until, string? reason, string by, DateTimeOffset now, TimeZoneInfo zone, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var instant = Hours.UntilField.Validate(until, zone, now, MaxDuration, "saturation mode ends by itself", "set it again if the attack goes on", errors);

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 500)
        {
            errors.TryAdd("reason", ["is required (at most 500 characters)"]);
        }

        return errors.Count > 0 ? null : new SaturationMode(instant!.Value, reason!.Trim(), by, now);
    }

    private static async Task<IResult> GetAsync(SaturationService saturation, SaturationStore store, FlowRegistry flows, TimeProvider time, CancellationToken ct)
    {
        var zone = flows.Current.Definition.Calendar.Zone;
        var now = time.GetUtcNow();
        var active = saturation.Active;
        var (passed, failed) = active is null ? (0, 0) : await store.ChallengesSinceAsync(active.SetAt, ct);
        return TypedResults.Ok(new
        {
            active = active is not null,
            until = active is null ? (DateTimeOffset?)null : TimeZoneInfo.ConvertTime(active.Until, zone),
            reason = active?.Reason,
            setBy = active?.SetBy,
            setAt = active is null ? (DateTimeOffset?)null : TimeZoneInfo.ConvertTime(active.SetAt, zone),
            passed,
            failed,
        });
    }

    private static async Task<IResult> PutAsync(HttpRequest request, SaturationService saturation, FlowRegistry flows, TimeProvider time, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the body as JSON (Content-Type: application/json).");
        }

        var (fields, errors) = await JsonFields.ReadAsync(request, ["until", "reason"], ct);
        if (fields is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (flows.Current.Definition.Challenge is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: NoChallenge);
        }

        var zone = flows.Current.Definition.Calendar.Zone;
        var mode = Validate(fields.GetValueOrDefault("until"), fields.GetValueOrDefault("reason"), FlagsApi.Actor(request.HttpContext), time.GetUtcNow(), zone, errors);
        if (mode is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await saturation.SetAsync(mode, ct);
        return TypedResults.Ok(new { until = TimeZoneInfo.ConvertTime(mode.Until, zone), reason = mode.Reason, setBy = mode.SetBy, setAt = TimeZoneInfo.ConvertTime(mode.SetAt, zone) });
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, SaturationService saturation, CancellationToken ct) =>
        await saturation.ClearAsync(FlagsApi.Actor(context), ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
