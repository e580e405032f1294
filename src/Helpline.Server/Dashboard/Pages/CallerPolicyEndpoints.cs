using Helpline.Core.Flows.Execution;
using Helpline.Server.Callers;
using Microsoft.AspNetCore.Mvc;

namespace Helpline.Server.Dashboard.Pages;

/// <summary>
/// The supervisors' caller-policy forms on <c>/supervision</c>: flag the caller of a recent call, confirm or reject a
/// worker's report, lift a flag, switch saturation mode on or off. The same checks as the API
/// (<see cref="FlagService"/>, <see cref="SaturationApi.Validate"/>); the author is the signed-in supervisor. Each
/// answers with a redirect to the page and a notice keyed by name (nothing typed is echoed).
/// </summary>
internal static class CallerPolicyEndpoints
{
    /// <summary>Maps the routes (supervisors only).</summary>
    public static void MapCallerPolicyPages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/supervision").RequireAuthorization(SupervisorEndpoints.Policy);
        group.MapPost("/signalements", RaiseAsync);
        group.MapPost("/signalements/{id:long}", DecideAsync);
        group.MapPost("/saturation", SaturationAsync);
    }

    /// <summary>The flag form.</summary>
    public sealed class FlagForm
    {
        /// <summary>The <c>call</c> field: the row number of the call whose caller is flagged (never its CallSid on a page).</summary>
        public string? Call { get; set; }

        /// <summary>The <c>kind</c> field.</summary>
        public string? Kind { get; set; }

        /// <summary>The <c>reason</c> field.</summary>
        public string? Reason { get; set; }

        /// <summary>The <c>note</c> field.</summary>
        public string? Note { get; set; }

        /// <summary>The <c>days</c> field.</summary>
        public string? Days { get; set; }

        /// <summary>The <c>reviewDays</c> field.</summary>
        public string? ReviewDays { get; set; }

        /// <summary>The <c>action</c> field of a decision: <c>confirm-blocked</c>, <c>confirm-watch</c>, <c>reject</c>, <c>lift</c>.</summary>
        public string? Action { get; set; }
    }

    /// <summary>The saturation form.</summary>
    public sealed class SaturationForm
    {
        /// <summary>The <c>action</c> field: <c>on</c> or <c>off</c>.</summary>
        public string? Action { get; set; }

        /// <summary>The <c>until</c> field: a Paris time (<c>datetime-local</c>).</summary>
        public string? Until { get; set; }

        /// <summary>The <c>reason</c> field.</summary>
        public string? Reason { get; set; }
    }

    private static async Task<IResult> RaiseAsync([FromForm] FlagForm form, HttpContext context, FlagService flags, Data.Callers.FlagStore store, CancellationToken ct)
    {
        if (!long.TryParse(form.Call, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            || await store.CallSidOfAsync(id, ct) is not { } callSid)
        {
            return Back("signalement-inconnu");
        }

        var raised = await flags.RaiseAsync(callSid, new FlagService.Fields(form.Kind, form.Reason, form.Note, form.Days, form.ReviewDays), FlagsApi.Actor(context), proposedBy: null, ct);
        return Back(raised switch
        {
            { Id: not null } => "signalement-enregistre",
            { Outcome: Data.Callers.FlagOutcome.Withheld } => "signalement-masque",
            { Outcome: Data.Callers.FlagOutcome.UnknownCall } => "signalement-inconnu",
            _ => "signalement-invalide",
        });
    }

    private static async Task<IResult> DecideAsync(long id, [FromForm] FlagForm form, HttpContext context, FlagService flags, CancellationToken ct)
    {
        var (decision, kind) = form.Action switch
        {
            "confirm-blocked" => ("confirmed", Data.Callers.FlagKinds.Blocked),
            "confirm-watch" => ("confirmed", Data.Callers.FlagKinds.Watch),
            "reject" => ("rejected", null),
            "lift" => ("lifted", (string?)null),
            _ => (null, null),
        };
        if (decision is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: FrenchText.UnknownAction);
        }

        return Back(await flags.DecideAsync(id, decision, kind, FlagsApi.Actor(context), ct) ? "signalement-decide" : "signalement-deja-decide");
    }

    private static async Task<IResult> SaturationAsync(
        [FromForm] SaturationForm form, HttpContext context, SaturationService saturation, FlowRegistry flows, TimeProvider time, CancellationToken ct)
    {
        switch (form.Action)
        {
            case "off":
                await saturation.ClearAsync(FlagsApi.Actor(context), ct);
                return Back("saturation-desactivee");
            case "on" when flows.Current.Definition.Challenge is null:
                return Back("saturation-sans-code");
            case "on":
                var mode = SaturationApi.Validate(form.Until, form.Reason, FlagsApi.Actor(context), time.GetUtcNow(), flows.Current.Definition.Calendar.Zone, new());
                if (mode is null)
                {
                    return Back("saturation-invalide");
                }

                await saturation.SetAsync(mode, ct);
                return Back("saturation-activee");
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: FrenchText.UnknownAction);
        }
    }

    private static IResult Back(string notice) => SupervisorEndpoints.Back(notice);
}
