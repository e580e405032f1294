using Helpline.Data.Routing;
using Helpline.Data.WrapUps;
using Helpline.Server.Agents;
using Helpline.Server.Dashboard.Live;
using Helpline.Server.Dashboard.Orientations;
using Helpline.Server.Dashboard.Pages.Worker;
using Helpline.Server.Dashboard.SignIn;
using Microsoft.AspNetCore.Mvc;

namespace Helpline.Server.Dashboard.Pages;

/// <summary>
/// A social worker's page (<c>/poste</c>): their state with one-click changes, their call (menu choice and wait,
/// never the number), the after-call form, the queue and their colleagues, kept live by <c>/poste/flux</c>.
/// </summary>
internal static class WorkerEndpoints
{
    /// <summary>The authorization policy of these routes: a worker account linked to a worker.</summary>
    public const string Policy = "worker";

    /// <summary>Maps the routes.</summary>
    public static void MapWorkerPages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/poste").RequireAuthorization(Policy);
        group.MapGet("/", PageAsync);
        group.MapPost("/statut", SetStatusAsync);
        group.MapPost("/orientation", WrapUpAsync);
        group.MapPost("/rappel", CallbackAsync);
        group.MapGet("/flux", Stream);
    }

    /// <summary>The status form.</summary>
    public sealed class StatusForm
    {
        /// <summary>The <c>status</c> field (absent: null).</summary>
        public string? Status { get; set; }
    }

    /// <summary>The after-call form.</summary>
    public sealed class WrapUpForm
    {
        /// <summary>The <c>callSid</c> field (absent: null).</summary>
        public string? CallSid { get; set; }

        /// <summary>The <c>category</c> field (absent: null).</summary>
        public string? Category { get; set; }

        /// <summary>The <c>note</c> field (absent: null).</summary>
        public string? Note { get; set; }

        /// <summary>The <c>report</c> field: <c>oui</c> when the worker reports the caller as malicious.</summary>
        public string? Report { get; set; }

        /// <summary>The <c>reportReason</c> field: the reason code of the report.</summary>
        public string? ReportReason { get; set; }
    }

    /// <summary>The call-back agreed at wrap-up (issue 13).</summary>
    public sealed class CallbackForm
    {
        /// <summary>The <c>callSid</c> field: the call whose wrap-up is under way.</summary>
        public string? CallSid { get; set; }

        /// <summary>The <c>number</c> field, as the worker wrote it (never echoed, never logged).</summary>
        public string? Number { get; set; }

        /// <summary>The <c>window</c> field: a window's key.</summary>
        public string? Window { get; set; }

        /// <summary>The <c>message</c> field: <c>oui</c> when a neutral message may be left.</summary>
        public string? Message { get; set; }

        /// <summary>The <c>callerId</c> field: <c>neutral</c> for the neutral number.</summary>
        public string? CallerId { get; set; }

        /// <summary>The <c>consent</c> field: <c>oui</c> when the caller agreed.</summary>
        public string? Consent { get; set; }
    }

    private static async Task<IResult> PageAsync(
        HttpContext context, LiveFeed feed, OrientationCatalog orientations, Callers.FlagReasonCatalog reasons, Callbacks.WrapUpCallbacks callbacks, string? info, int? rappel, CancellationToken ct)
    {
        var snapshot = await feed.WorkerSnapshotAsync(DashboardClaims.Worker(context.User)!.Value, ct);
        return DashboardPage.Render<WorkerPage>(context, new Dictionary<string, object?>
        {
            [nameof(WorkerPage.Snapshot)] = snapshot,
            [nameof(WorkerPage.Orientations)] = orientations.All,
            [nameof(WorkerPage.ReportReasons)] = reasons.All,
            [nameof(WorkerPage.CallbackChoices)] = callbacks.Choices(),
            [nameof(WorkerPage.Notice)] = info == "rappel-enregistre" && rappel is > 0 ? FrenchText.WrapUpCallbackRecorded(rappel.Value) : FrenchText.Notice(info),
        });
    }

    /// <summary>
    /// Records a call-back the worker agreed with the caller of the call whose wrap-up is under way — only that call,
    /// only with the caller's consent ticked. The number is never echoed back: refusals name the reason only.
    /// </summary>
    private static async Task<IResult> CallbackAsync([FromForm] CallbackForm form, HttpContext context, LiveFeed feed, Callbacks.WrapUpCallbacks callbacks, CancellationToken ct)
    {
        var workerId = DashboardClaims.Worker(context.User)!.Value;
        if (form.Consent != "oui")
        {
            return Results.Redirect("/poste?info=rappel-accord");
        }

        var pending = (await feed.WorkerSnapshotAsync(workerId, ct)).Me?.Pending;
        if (string.IsNullOrWhiteSpace(form.CallSid) || pending?.CallSid != form.CallSid)
        {
            return Results.Redirect("/poste?info=rappel-refuse");
        }

        var (id, refusal) = await callbacks.RecordAsync(workerId, form.CallSid, form.Number, form.Window, form.Message == "oui", form.CallerId == "neutral", ct);
        return Results.Redirect(id is { } recorded
            ? "/poste?info=rappel-enregistre&rappel=" + recorded.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "/poste?info=" + refusal);
    }

    private static async Task<IResult> SetStatusAsync([FromForm] StatusForm form, HttpContext context, RoutingStore store, Dispatcher dispatcher, TimeProvider time, CancellationToken ct)
    {
        if (form.Status is not (WorkerStatuses.Available or WorkerStatuses.Pause or WorkerStatuses.Offline))
        {
            return Results.BadRequest(FrenchText.UnknownStatus);
        }

        var changed = await store.SetWorkerStatusAsync(DashboardClaims.Worker(context.User)!.Value, form.Status, time.GetUtcNow(), ct);
        if (changed == WorkerStatusChange.Pending)
        {
            return Results.Redirect("/poste?info=etat-apres-appel");
        }

        dispatcher.Wake();
        return Results.Redirect("/poste");
    }

    private static async Task<IResult> WrapUpAsync(
        [FromForm] WrapUpForm form, HttpContext context, WrapUpStore wrapUps, RoutingStore store, OrientationCatalog orientations, Callers.FlagService flags, Dispatcher dispatcher,
        TimeProvider time, CancellationToken ct)
    {
        var workerId = DashboardClaims.Worker(context.User)!.Value;
        var note = string.IsNullOrWhiteSpace(form.Note) ? null : form.Note.Trim();
        if (orientations.Find(form.Category) is null || string.IsNullOrWhiteSpace(form.CallSid) || form.CallSid.Length > 64 || note?.Length > 500)
        {
            return Results.Redirect("/poste?info=orientation-invalide");
        }

        var now = time.GetUtcNow();
        if (!await wrapUps.RecordAsync(form.CallSid, workerId, form.Category!, note, now, ct))
        {
            return Results.Redirect("/poste?info=orientation-refusee");
        }

        // Submitting ends the wrap-up early: the worker takes the status they chose during the call, or is offered the
        // next caller at once.
        if (await store.EndWrapUpAsync(workerId, now, ct))
        {
            dispatcher.Wake();
        }

        return Results.Redirect("/poste?info=" + (form.Report == "oui" ? await ReportAsync(form, workerId, context, flags, ct) : "orientation-enregistree"));
    }

    /// <summary>
    /// The worker's report of a malicious caller: a proposed <c>blocked</c> flag on the caller of the call she just
    /// answered, which acts only once a supervisor confirms it (as blocked or watch). Returns the notice to show.
    /// </summary>
    private static async Task<string> ReportAsync(WrapUpForm form, int workerId, HttpContext context, Callers.FlagService flags, CancellationToken ct)
    {
        var raised = await flags.RaiseAsync(form.CallSid, new Callers.FlagService.Fields(Data.Callers.FlagKinds.Blocked, form.ReportReason, null, null, null),
            Callers.FlagsApi.Actor(context), proposedBy: workerId, ct);
        return raised switch
        {
            { Id: not null } => "orientation-signalement",
            { Outcome: Data.Callers.FlagOutcome.Withheld } => "orientation-signalement-masque",
            _ => "orientation-signalement-invalide",
        };
    }

    private static IResult Stream(HttpContext context, LiveFeed feed, CancellationToken ct)
    {
        var workerId = DashboardClaims.Worker(context.User)!.Value;
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.ServerSentEvents(LiveFeed.StreamAsync(token => feed.WorkerSnapshotAsync(workerId, token), ct));
    }
}
