using System.Globalization;
using System.Text.Json;
using Helpline.Core.Calendar;
using Helpline.Core.Flows.Execution;
using Helpline.Data.Hours;
using Helpline.Server.Hours;
using Helpline.Server.Security;

namespace Helpline.Server.Hours;

/// <summary>
/// Exceptional opening or closing at run time, without editing YAML (a team away, a crisis that calls for longer
/// hours): <c>PUT/GET/DELETE /api/hours/override</c>. The override is stored in PostgreSQL, survives restarts, expires
/// by itself at <c>until</c> and is logged as a service event. <c>until</c> without an offset is the flow's local time
/// (<see cref="LocalInstant"/>: "2026-12-01T09:00:00" is 09:00 in Paris); a time that is not one instant there, or any
/// malformed field, gets 400 with a problem body naming the field, the same in every environment (the body is read here
/// rather than by the framework's binder, whose refusals carry no body outside Development).
/// The override changes the flow's own <c>calendar:</c> only: an hours state that names a calendar of <c>calendars:</c>
/// (another line's hours, e.g. the 116 006's) ignores it (<see cref="Core.Flows.FlowDefinition.Decide"/>), so GET reports
/// our line's status from the flow's own calendar.
/// </summary>
internal static class HoursApi
{
    /// <summary>An override may not last longer than this: a forgotten one must not keep the line closed for months.</summary>
    public static TimeSpan MaxDuration { get; } = TimeSpan.FromDays(62);

    /// <summary>Maps the routes.</summary>
    public static RouteGroupBuilder MapHoursApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/hours").AddEndpointFilter<AdminTokenFilter>().WithTags("Hours");
        group.MapGet("/override", Get);
        group.MapPut("/override", PutAsync).Accepts<OverrideRequest>("application/json");
        group.MapDelete("/override", DeleteAsync);
        return group;
    }

    /// <summary>The body of <c>PUT /api/hours/override</c>: three JSON strings.</summary>
    /// <param name="Mode"><c>open</c> or <c>closed</c>.</param>
    /// <param name="Until">
    /// When the override ends by itself, ISO 8601: local time in the flow's time zone (<c>2026-12-01T09:00</c>, Paris),
    /// or with its offset (<c>2026-12-01T09:00:00+01:00</c>, <c>…Z</c>). A Paris time skipped or repeated by a clock
    /// change is refused (see <see cref="LocalInstant"/>).
    /// </param>
    /// <param name="Reason">Why, for the event log and the team.</param>
    public sealed record OverrideRequest(string? Mode, string? Until, string? Reason);

    private static IResult Get(HoursOverrideService overrides, FlowRegistry flows, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var active = overrides.Active;
        var calendar = flows.Current.Definition.Calendar;
        var status = calendar.Evaluate(now, active);
        var setAt = overrides.Stored?.SetAt;
        return TypedResults.Ok(new
        {
            active = active is not null,
            @override = active is null ? null : new
            {
                mode = active.Mode.ToString().ToLowerInvariant(),
                until = TimeZoneInfo.ConvertTime(active.Until, calendar.Zone),
                reason = active.Reason,
                setAt = setAt is { } at ? TimeZoneInfo.ConvertTime(at, calendar.Zone) : (DateTimeOffset?)null,
            },
            now = TimeZoneInfo.ConvertTime(now, calendar.Zone),
            open = status.IsOpen,
            because = status.Reason.ToString(),
            detail = status.Detail,
        });
    }

    private static async Task<IResult> PutAsync(HttpRequest request, HoursOverrideService overrides, FlowRegistry flows, TimeProvider time, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the body as JSON (Content-Type: application/json).");
        }

        var errors = new Dictionary<string, string[]>();
        var body = await ReadAsync(request, errors, ct);
        if (body is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = time.GetUtcNow();
        var zone = flows.Current.Definition.Calendar.Zone;
        if (body.Mode is not (HoursOverrideStore.Open or HoursOverrideStore.Closed))
        {
            errors.TryAdd("mode", ["must be \"open\" or \"closed\""]);
        }

        var until = UntilField.Validate(body.Until, zone, now, MaxDuration, "the override ends by itself", "edit the flow's calendar for longer changes", errors);

        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 500)
        {
            errors.TryAdd("reason", ["is required (at most 500 characters)"]);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var stored = new StoredHoursOverride(body.Mode!, until!.Value, body.Reason!.Trim(), now, "admin-token");
        await overrides.SetAsync(stored, ct);
        return TypedResults.Ok(new { mode = stored.Mode, until = TimeZoneInfo.ConvertTime(stored.Until, zone), reason = stored.Reason, setAt = TimeZoneInfo.ConvertTime(stored.SetAt, zone) });
    }

    /// <summary>
    /// Reads the body as a JSON object of strings. Returns null (with <c>body</c> in <paramref name="errors"/>) when it
    /// is not a JSON object; a field of the wrong JSON type is named in <paramref name="errors"/> and read as absent.
    /// Field names match case-insensitively, as the framework's binder did; other fields are ignored.
    /// </summary>
    private static async Task<OverrideRequest?> ReadAsync(HttpRequest request, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        const string Shape = "{\"mode\": \"open\" or \"closed\", \"until\": \"2026-11-24T20:00\", \"reason\": \"...\"}";
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, ct);
        }
        catch (JsonException ex)
        {
            errors["body"] = [$"is not a JSON object (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): send {Shape}"];
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors["body"] = [$"must be a JSON object: {Shape}"];
                return null;
            }

            var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.ToLowerInvariant() is not ("mode" or "until" or "reason") || property.Value.ValueKind is JsonValueKind.Null)
                {
                    continue;
                }

                if (property.Value.ValueKind is JsonValueKind.String)
                {
                    fields[property.Name] = property.Value.GetString();
                    continue;
                }

                var field = property.Name.ToLowerInvariant();
                errors[field] = [field switch
                {
                    "mode" => "must be a JSON string, \"open\" or \"closed\"",
                    "until" => "must be a JSON string holding a date and time, e.g. \"2026-11-24T20:00\" or \"2026-11-24T20:00:00+01:00\"",
                    _ => "must be a JSON string",
                }];
            }

            return new OverrideRequest(fields.GetValueOrDefault("mode"), fields.GetValueOrDefault("until"), fields.GetValueOrDefault("reason"));
        }
    }

    private static async Task<IResult> DeleteAsync(HoursOverrideService overrides, CancellationToken ct) =>
        await overrides.ClearAsync("admin-token", ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
