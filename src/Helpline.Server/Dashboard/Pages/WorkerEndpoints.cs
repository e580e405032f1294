using System.Globalization;
using System.Text;
using Helpline.Data.Routing;
using Helpline.Data.WrapUps;
using Microsoft.AspNetCore.Mvc;
using static Helpline.Server.Dashboard.Pages.DashboardHtml;
using Helpline.Server.Agents;
using Helpline.Server.Dashboard.Live;
using Helpline.Server.Dashboard.Orientations;
using Helpline.Server.Dashboard.SignIn;

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
    }

    private static async Task<IResult> PageAsync(HttpContext context, LiveFeed feed, OrientationCatalog orientations, string? info, CancellationToken ct)
    {
        var workerId = DashboardClaims.Worker(context.User)!.Value;
        var snapshot = await feed.WorkerSnapshotAsync(workerId, ct);
        var me = snapshot.Me;
        var status = me?.Status ?? WorkerStatuses.Offline;
        var token = Token(context);
        var html = new StringBuilder();

        html.Append("<div class=\"grid\"><section class=\"card\" aria-labelledby=\"etat-titre\"><h2 id=\"etat-titre\">Mon état</h2>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"state\" data-status=\"{H(status)}\" data-field=\"me-label\" aria-live=\"polite\">{H(me?.Label ?? FrenchText.Status(status))}</p>")
            .Append(CultureInfo.InvariantCulture, $"<p data-show=\"wrapup\"{Hidden(me?.WrapUpSeconds is null)}>Après-appel : encore <strong data-field=\"wrapup-seconds\" data-countdown=\"{me?.WrapUpSeconds}\">{H(FrenchText.Duration(me?.WrapUpSeconds))}</strong></p>")
            .Append("<div class=\"status-buttons\" role=\"group\" aria-label=\"Changer mon état\">");
        foreach (var choice in new[] { WorkerStatuses.Available, WorkerStatuses.Pause, WorkerStatuses.Offline })
        {
            html.Append("<form method=\"post\" action=\"/poste/statut\">").Append(token)
                .Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" name=\"status\" value=\"{choice}\" class=\"status-{choice}\" aria-pressed=\"{(status == choice ? "true" : "false")}\">{H(FrenchText.Status(choice))}</button></form>");
        }

        html.Append("</div></section>");

        html.Append(CultureInfo.InvariantCulture, $"<section class=\"card call\" aria-labelledby=\"appel-titre\" data-show=\"call\"{Hidden(me?.Call is null)}><h2 id=\"appel-titre\">Appel</h2>")
            .Append(CultureInfo.InvariantCulture, $"<p>Choix du menu : <strong data-field=\"call-menu\">{H(me?.Call?.Menu)}</strong></p>")
            .Append(CultureInfo.InvariantCulture, $"<p>Attente avant la mise en relation : <strong data-field=\"call-waited\">{H(me?.Call?.Waited)}</strong></p></section>");

        html.Append(CultureInfo.InvariantCulture, $"<section class=\"card\" aria-labelledby=\"orientation-titre\" data-show=\"pending\"{Hidden(me?.Pending is null)}><h2 id=\"orientation-titre\">Après l'appel</h2>")
            .Append(CultureInfo.InvariantCulture, $"<p>Appel terminé — choix du menu : <strong data-field=\"pending-menu\">{H(me?.Pending?.Menu)}</strong>, attente : <strong data-field=\"pending-waited\">{H(me?.Pending?.Waited)}</strong>.</p>")
            .Append("<form method=\"post\" action=\"/poste/orientation\">").Append(token)
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"callSid\" data-field=\"pending-sid\" value=\"{H(me?.Pending?.CallSid)}\">")
            .Append("<fieldset><legend>Orientation donnée</legend>");
        foreach (var orientation in orientations.All)
        {
            var id = "orientation-" + orientation.Code;
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"choice\"><input type=\"radio\" name=\"category\" id=\"{H(id)}\" value=\"{H(orientation.Code)}\" required><label for=\"{H(id)}\">{H(orientation.Label)}</label></div>");
        }

        html.Append("</fieldset><label for=\"note\">Note (facultative, sans nom ni numéro)</label><textarea id=\"note\" name=\"note\" rows=\"3\" maxlength=\"500\"></textarea>")
            .Append("<button type=\"submit\" class=\"primary\">Enregistrer et terminer l'après-appel</button></form></section>");

        html.Append("<section class=\"card\" aria-labelledby=\"file-titre\"><h2 id=\"file-titre\">File d'attente</h2>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"big\"><strong data-field=\"waiting\">{snapshot.Waiting}</strong> personne(s) en attente</p>")
            .Append(CultureInfo.InvariantCulture, $"<p>Attente la plus longue : <strong data-field=\"longest\">{H(snapshot.LongestWait ?? "—")}</strong></p></section>");

        html.Append("<section class=\"card\" aria-labelledby=\"collegues-titre\"><h2 id=\"collegues-titre\">Collègues</h2><ul class=\"people\" data-list=\"colleagues\">");
        foreach (var colleague in snapshot.Colleagues)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><span>{H(colleague.Name)}</span> <span class=\"badge\" data-status=\"{H(colleague.Status)}\">{H(colleague.Label)}</span></li>");
        }

        html.Append("</ul></section></div>");
        return Page(context, "Mon poste", html.ToString(), FrenchText.Notice(info), live: "/poste/flux");
    }

    private static async Task<IResult> SetStatusAsync([FromForm] StatusForm form, HttpContext context, RoutingStore store, Dispatcher dispatcher, TimeProvider time, CancellationToken ct)
    {
        if (form.Status is not (WorkerStatuses.Available or WorkerStatuses.Pause or WorkerStatuses.Offline))
        {
            return Results.BadRequest("Etat inconnu : choisir available, pause ou offline.");
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
        [FromForm] WrapUpForm form, HttpContext context, WrapUpStore wrapUps, RoutingStore store, OrientationCatalog orientations, Dispatcher dispatcher, TimeProvider time, CancellationToken ct)
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

        return Results.Redirect("/poste?info=orientation-enregistree");
    }

    private static IResult Stream(HttpContext context, LiveFeed feed, CancellationToken ct)
    {
        var workerId = DashboardClaims.Worker(context.User)!.Value;
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.ServerSentEvents(LiveFeed.StreamAsync(token => feed.WorkerSnapshotAsync(workerId, token), ct));
    }

    private static string Hidden(bool hidden) => hidden ? " hidden" : string.Empty;
}
