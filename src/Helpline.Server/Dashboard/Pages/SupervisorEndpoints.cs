using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Helpline.Core.Flows.Execution;
using Helpline.Data.Accounts;
using Helpline.Data.Routing;
using Helpline.Data.Statistics;
using Helpline.Server.Flows;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Stateless.Graph;
using static Helpline.Server.Dashboard.Pages.DashboardHtml;
using Helpline.Server.Dashboard.Charts;
using Helpline.Server.Dashboard.Live;

namespace Helpline.Server.Dashboard.Pages;

/// <summary>
/// The supervisors' page (<c>/supervision</c>): everyone's state and the live queue, today's counters with their
/// definitions, charts, the CSV export, the live flow, and the management of workers and accounts.
/// </summary>
internal static partial class SupervisorEndpoints
{
    /// <summary>The authorization policy of these routes.</summary>
    public const string Policy = "supervisor";

    /// <summary>The longest range the CSV export accepts, in days.</summary>
    public const int MaxExportDays = 366;

    /// <summary>Maps the routes.</summary>
    public static void MapSupervisorPages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/supervision").RequireAuthorization(Policy);
        group.MapGet("/", PageAsync);
        group.MapGet("/flux", Stream);
        group.MapGet("/export.csv", ExportAsync);
        group.MapPost("/ecoutantes", AddWorkerAsync);
        group.MapPost("/ecoutantes/{id:int}", UpdateWorkerAsync);
        group.MapPost("/comptes", AddAccountAsync);
        group.MapPost("/comptes/{id:int}", UpdateAccountAsync);
    }

    /// <summary>The add-a-worker form.</summary>
    public sealed class WorkerForm
    {
        /// <summary>The <c>name</c> field (absent: null).</summary>
        public string? Name { get; set; }

        /// <summary>The <c>phone</c> field (absent: null).</summary>
        public string? Phone { get; set; }

        /// <summary>The <c>action</c> field (absent: null).</summary>
        public string? Action { get; set; }
    }

    /// <summary>The add-an-account form.</summary>
    public sealed class AccountForm
    {
        /// <summary>The <c>login</c> field (absent: null).</summary>
        public string? Login { get; set; }

        /// <summary>The <c>password</c> field (absent: null).</summary>
        public string? Password { get; set; }

        /// <summary>The <c>role</c> field (absent: null).</summary>
        public string? Role { get; set; }

        /// <summary>The <c>workerId</c> field (absent: null).</summary>
        public string? WorkerId { get; set; }

        /// <summary>The <c>action</c> field (absent: null).</summary>
        public string? Action { get; set; }
    }

    private static async Task<IResult> PageAsync(
        HttpContext context, LiveFeed feed, StatisticsStore statistics, RoutingStore routing, AccountStore accounts, FlowRegistry flows, FlowReloadStatus reloads,
        IOptions<DashboardOptions> options, IOptions<StatisticsOptions> definitions, TimeProvider time, string? info, CancellationToken ct)
    {
        var settings = options.Value;
        var snapshot = await feed.SupervisorSnapshotAsync(ct);
        var now = time.GetUtcNow();
        var today = ParisCalendar.DateOf(now);
        var (dayFrom, dayTo) = ParisCalendar.Day(today);
        var (monthFrom, monthTo) = ParisCalendar.Days(today.AddDays(-29), today);
        var token = Token(context);
        var html = new StringBuilder("<div class=\"grid wide\">");

        html.Append("<section class=\"card\" aria-labelledby=\"equipe-titre\"><h2 id=\"equipe-titre\">Écoutantes</h2><table><thead><tr><th scope=\"col\">Nom</th><th scope=\"col\">État</th><th scope=\"col\">Depuis</th><th scope=\"col\">Appels pris</th></tr></thead><tbody data-list=\"workers\">");
        foreach (var w in snapshot.Workers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{H(w.Name)}</th><td><span class=\"badge\" data-status=\"{H(w.Status)}\">{H(w.Label)}</span></td><td>{H(w.Since)}</td><td>{w.Answered}</td></tr>");
        }

        html.Append("</tbody></table></section>");

        html.Append("<section class=\"card\" aria-labelledby=\"file-titre\"><h2 id=\"file-titre\">File d'attente</h2>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"big\"><strong data-field=\"waiting\">{snapshot.Waiting}</strong> personne(s) en attente · attente la plus longue : <strong data-field=\"longest\">{H(snapshot.LongestWait ?? "—")}</strong></p>")
            .Append("<table><thead><tr><th scope=\"col\">Rang</th><th scope=\"col\">État</th><th scope=\"col\">Attente</th><th scope=\"col\">Choix du menu</th></tr></thead><tbody data-list=\"queue\">");
        foreach (var q in snapshot.Queue)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{q.Position}</td><td>{H(q.Label)}</td><td>{H(q.Waited)}</td><td>{H(q.Menu)}</td></tr>");
        }

        html.Append("</tbody></table></section></div>");

        html.Append("<section class=\"card\" aria-labelledby=\"compteurs-titre\"><h2 id=\"compteurs-titre\">Aujourd'hui</h2><dl class=\"counters\">");
        foreach (var (key, label, definition) in FrenchText.CounterDefinitions(settings.ServiceLevelSeconds, definitions.Value.ShortAbandonSeconds))
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"counter\"><dt>{H(label)}</dt><dd><strong data-counter=\"{key}\">{H(snapshot.Counters[key])}</strong><span class=\"definition\">{H(definition)}</span></dd></div>");
        }

        html.Append("</dl></section>");

        var hours = await statistics.CallsPerHourAsync(dayFrom, dayTo, ParisCalendar.TimeZoneName, ct);
        var days = await statistics.CallsPerDayAsync(monthFrom, monthTo, ParisCalendar.TimeZoneName, ct);
        var waits = await statistics.WaitDistributionAsync(monthFrom, monthTo, ct);
        var outcomes = await statistics.OutcomesByChoiceAsync(monthFrom, monthTo, ct);
        var waitLabels = new[] { "≤ 30 s", "30 s – 1 min", "1 – 2 min", "2 – 5 min", "5 – 10 min", "> 10 min" };
        var choiceGroups = outcomes.Select(o => o.MenuChoice).Distinct().Order(StringComparer.Ordinal).ToList();
        var outcomeSeries = outcomes.Select(o => FrenchText.Outcome(o.Outcome, settings)).Distinct().ToList();
        html.Append("<section class=\"card\" aria-labelledby=\"graphiques-titre\"><h2 id=\"graphiques-titre\">Graphiques</h2><div class=\"charts\">")
            .Append(SvgChart.Bars("par-heure", "Appels reçus par heure, aujourd'hui", Enumerable.Range(0, 24).Select(h => ($"{h} h", hours[h])).ToList(), labelEvery: 3))
            .Append(SvgChart.Bars("par-jour", "Appels reçus par jour, 30 derniers jours", Enumerable.Range(0, 30).Select(d => today.AddDays(d - 29)).Select(d => (d.ToString("dd/MM", CultureInfo.InvariantCulture), days.GetValueOrDefault(d))).ToList(), labelEvery: 5))
            .Append(SvgChart.Bars("attentes", "Durée d'attente des personnes sorties de l'attente, 30 derniers jours", waitLabels.Select((l, i) => (l, waits[i])).ToList()))
            .Append(SvgChart.Stacked("issues", "Issue des appels par choix du menu, 30 derniers jours", choiceGroups.Select(g => FrenchText.MenuChoice(g)).ToList(), outcomeSeries,
                (group, series) => outcomes.Where(o => FrenchText.MenuChoice(o.MenuChoice) == group && FrenchText.Outcome(o.Outcome, settings) == series).Sum(o => o.Count)))
            .Append("</div></section>");

        html.Append("<section class=\"card\" aria-labelledby=\"export-titre\"><h2 id=\"export-titre\">Export CSV</h2>")
            .Append("<form method=\"get\" action=\"/supervision/export.csv\" class=\"inline\">")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"du\">Du</label><input type=\"date\" id=\"du\" name=\"du\" required value=\"{today.AddDays(-29):yyyy-MM-dd}\">")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"au\">au</label><input type=\"date\" id=\"au\" name=\"au\" required value=\"{today:yyyy-MM-dd}\">")
            .Append("<button type=\"submit\">Télécharger</button></form><p class=\"hint\">Une ligne par jour (heure de Paris), avec les compteurs définis ci-dessus. 366 jours au plus.</p></section>");

        AppendFlow(html, flows, reloads);
        AppendWorkers(html, await routing.ListWorkersAsync(ct), token);
        AppendAccounts(html, await accounts.ListAsync(ct), await routing.ListWorkersAsync(ct), token);
        return Page(context, "Supervision", html.ToString(), FrenchText.Notice(info), live: "/supervision/flux");
    }

    private static void AppendFlow(StringBuilder html, FlowRegistry flows, FlowReloadStatus reloads)
    {
        html.Append("<section class=\"card\" aria-labelledby=\"flux-titre\"><h2 id=\"flux-titre\">Parcours d'appel en service</h2>");
        if (flows.HasCurrent)
        {
            var flow = flows.Current;
            html.Append(CultureInfo.InvariantCulture, $"<dl class=\"facts\"><dt>Nom</dt><dd>{H(flow.Name)}</dd><dt>Version</dt><dd><code>{H(flow.ShortHash)}</code></dd>")
                .Append(CultureInfo.InvariantCulture, $"<dt>Chargé le</dt><dd>{H(Local(flows.CurrentSince))}</dd><dt>Fichier</dt><dd><code>{H(Path.GetFileName(flow.SourcePath))}</code></dd></dl>");
        }

        if (reloads.LastRejected is { } rejected)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"rejected\" role=\"note\"><h3>Dernière modification refusée — {H(Local(rejected.At))}</h3><p>Version <code>{H(rejected.Hash[..Math.Min(12, rejected.Hash.Length)])}</code> ; la version précédente continue de servir. Erreurs :</p><ul>");
            foreach (var error in rejected.Errors)
            {
                html.Append("<li><code>").Append(H(error)).Append("</code></li>");
            }

            html.Append("</ul></div>");
        }
        else
        {
            html.Append("<p>Aucune modification refusée depuis le démarrage.</p>");
        }

        if (flows.HasCurrent)
        {
            html.Append("<details><summary>Diagramme (Mermaid)</summary><pre class=\"diagram\">").Append(H(MermaidGraph.Format(flows.Current.GetInfo()))).Append("</pre></details>");
        }

        html.Append("</section>");
    }

    private static void AppendWorkers(StringBuilder html, IReadOnlyList<WorkerRecord> workers, string token)
    {
        html.Append("<section class=\"card\" aria-labelledby=\"gestion-titre\"><h2 id=\"gestion-titre\">Gérer les écoutantes</h2><table><thead><tr><th scope=\"col\">Nom</th><th scope=\"col\">Téléphone</th><th scope=\"col\">Active</th><th scope=\"col\">Actions</th></tr></thead><tbody>");
        foreach (var w in workers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{H(w.Name)}</th><td><form method=\"post\" action=\"/supervision/ecoutantes/{w.Id}\" class=\"inline\">{token}")
                .Append(CultureInfo.InvariantCulture, $"<label class=\"sr-only\" for=\"tel-{w.Id}\">Téléphone de {H(w.Name)}</label><input id=\"tel-{w.Id}\" name=\"phone\" type=\"tel\" value=\"{H(w.Phone)}\" required maxlength=\"16\">")
                .Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" name=\"action\" value=\"phone\">Enregistrer</button></form></td><td>{(w.Active ? "Oui" : "Non")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td><form method=\"post\" action=\"/supervision/ecoutantes/{w.Id}\">{token}<button type=\"submit\" name=\"action\" value=\"{(w.Active ? "deactivate" : "activate")}\">{(w.Active ? "Désactiver" : "Réactiver")}</button></form></td></tr>");
        }

        html.Append("</tbody></table><form method=\"post\" action=\"/supervision/ecoutantes\" class=\"inline\">").Append(token)
            .Append("<label for=\"nouveau-nom\">Nom</label><input id=\"nouveau-nom\" name=\"name\" required maxlength=\"100\">")
            .Append("<label for=\"nouveau-tel\">Téléphone</label><input id=\"nouveau-tel\" name=\"phone\" type=\"tel\" required maxlength=\"16\" placeholder=\"+33600000000\">")
            .Append("<button type=\"submit\">Ajouter une écoutante</button></form></section>");
    }

    private static void AppendAccounts(StringBuilder html, IReadOnlyList<AccountRecord> accounts, IReadOnlyList<WorkerRecord> workers, string token)
    {
        html.Append("<section class=\"card\" aria-labelledby=\"comptes-titre\"><h2 id=\"comptes-titre\">Comptes</h2><table><thead><tr><th scope=\"col\">Identifiant</th><th scope=\"col\">Rôle</th><th scope=\"col\">Écoutante</th><th scope=\"col\">Actif</th><th scope=\"col\">Actions</th></tr></thead><tbody>");
        foreach (var a in accounts)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{H(a.Login)}</th><td>{(a.Role == AccountRoles.Supervisor ? "Supervision" : "Écoutante")}</td><td>{H(a.WorkerName ?? "—")}</td><td>{(a.Active ? "Oui" : "Non")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td><form method=\"post\" action=\"/supervision/comptes/{a.Id}\">{token}<button type=\"submit\" name=\"action\" value=\"{(a.Active ? "deactivate" : "activate")}\">{(a.Active ? "Désactiver" : "Réactiver")}</button></form>")
                .Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/supervision/comptes/{a.Id}\" class=\"inline\">{token}<label class=\"sr-only\" for=\"mdp-{a.Id}\">Nouveau mot de passe pour {H(a.Login)}</label>")
                .Append(CultureInfo.InvariantCulture, $"<input id=\"mdp-{a.Id}\" name=\"password\" type=\"password\" required minlength=\"10\" maxlength=\"200\" autocomplete=\"new-password\" placeholder=\"Nouveau mot de passe\">")
                .Append("<button type=\"submit\" name=\"action\" value=\"password\">Changer</button></form></td></tr>");
        }

        html.Append("</tbody></table><form method=\"post\" action=\"/supervision/comptes\" class=\"inline\">").Append(token)
            .Append("<label for=\"compte-login\">Identifiant</label><input id=\"compte-login\" name=\"login\" required maxlength=\"100\" autocomplete=\"off\">")
            .Append("<label for=\"compte-mdp\">Mot de passe</label><input id=\"compte-mdp\" name=\"password\" type=\"password\" required minlength=\"10\" maxlength=\"200\" autocomplete=\"new-password\">")
            .Append("<label for=\"compte-role\">Rôle</label><select id=\"compte-role\" name=\"role\"><option value=\"worker\">Écoutante</option><option value=\"supervisor\">Supervision</option></select>")
            .Append("<label for=\"compte-ecoutante\">Écoutante</label><select id=\"compte-ecoutante\" name=\"workerId\"><option value=\"\">—</option>");
        foreach (var w in workers.Where(w => w.Active))
        {
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{w.Id}\">{H(w.Name)}</option>");
        }

        html.Append("</select><button type=\"submit\">Créer le compte</button></form></section>");
    }

    private static IResult Stream(LiveFeed feed, HttpContext context, CancellationToken ct)
    {
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.ServerSentEvents(LiveFeed.StreamAsync(feed.SupervisorSnapshotAsync, ct));
    }

    private static async Task<IResult> ExportAsync(
        string? du, string? au, StatisticsStore statistics, IOptions<DashboardOptions> options, IOptions<StatisticsOptions> definitions, HttpContext context, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(du, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            || !DateOnly.TryParseExact(au, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Dates attendues au format AAAA-MM-JJ (paramètres du et au).");
        }

        if (last < first || last.DayNumber - first.DayNumber >= MaxExportDays)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"La date de fin doit suivre la date de début, sur {MaxExportDays} jours au plus.");
        }

        var settings = options.Value;
        var transfers = LiveFeed.Transfers(settings);
        var csv = new StringBuilder("date,appels_recus,pris,raccroches_en_attente,debordements,transferes_17,transferes_115,transferes_protection_enfance,")
            .Append(CultureInfo.InvariantCulture, $"pris_en_{settings.ServiceLevelSeconds}s,sortis_de_l_attente,niveau_de_service,attente_moyenne_s,attente_max_s,entretien_moyen_s,")
            .Append(CultureInfo.InvariantCulture, $"raccroches_courts_moins_de_{definitions.Value.ShortAbandonSeconds}s,taux_d_abandon\r\n");
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var (from, to) = ParisCalendar.Day(day);
            var c = await statistics.CountersAsync(from, to, settings.ServiceLevelSeconds, definitions.Value.ShortAbandonSeconds, transfers, ct);
            csv.Append(CultureInfo.InvariantCulture,
                $"{day:yyyy-MM-dd},{c.Offered},{c.Answered},{c.Abandoned},{c.Overflowed},{c.TransferredPolice},{c.TransferredHousing},{c.TransferredChildProtection},{c.AnsweredWithinTarget},{c.QueueFinished},{Number(c.ServiceLevel, "0.000")},{Number(c.AverageWaitSeconds, "0.0")},{c.LongestWaitSeconds},{Number(c.AverageTalkSeconds, "0.0")},")
                .Append(CultureInfo.InvariantCulture, $"{c.ShortAbandoned},{Number(c.AbandonRate, "0.000")}\r\n");
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"ligne-ecoute-{first:yyyy-MM-dd}-{last:yyyy-MM-dd}.csv");
    }

    private static async Task<IResult> AddWorkerAsync([FromForm] WorkerForm form, RoutingStore routing, TimeProvider time, CancellationToken ct)
    {
        var name = form.Name?.Trim() ?? string.Empty;
        var phone = form.Phone?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 100)
        {
            return Back("nom-invalide");
        }

        if (!E164().IsMatch(phone))
        {
            return Back("telephone-invalide");
        }

        return Back(await routing.AddWorkerAsync(name, phone, time.GetUtcNow(), ct) is null ? "ecoutante-existe" : "ecoutante-ajoutee");
    }

    private static async Task<IResult> UpdateWorkerAsync(int id, [FromForm] WorkerForm form, RoutingStore routing, TimeProvider time, CancellationToken ct)
    {
        bool found;
        switch (form.Action)
        {
            case "phone":
                var phone = form.Phone?.Trim() ?? string.Empty;
                if (!E164().IsMatch(phone))
                {
                    return Back("telephone-invalide");
                }

                found = await routing.SetWorkerPhoneAsync(id, phone, ct);
                break;
            case "activate" or "deactivate":
                found = await routing.SetWorkerActiveAsync(id, form.Action == "activate", time.GetUtcNow(), ct);
                break;
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Action inconnue.");
        }

        return found ? Back("ecoutante-modifiee") : TypedResults.NotFound();
    }

    private static async Task<IResult> AddAccountAsync([FromForm] AccountForm form, AccountStore accounts, IPasswordHasher<AccountRecord> hasher, TimeProvider time, CancellationToken ct)
    {
        var login = form.Login?.Trim() ?? string.Empty;
        var password = form.Password ?? string.Empty;
        int? workerId = int.TryParse(form.WorkerId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        if (login.Length is 0 or > 100 || password.Length is < 10 or > 200 || !AccountRoles.IsKnown(form.Role) || (form.Role == AccountRoles.Worker && workerId is null))
        {
            return Back("compte-invalide");
        }

        var created = await accounts.CreateAsync(login, hasher.HashPassword(null!, password), form.Role!, form.Role == AccountRoles.Worker ? workerId : null, time.GetUtcNow(), ct);
        return Back(created is null ? "compte-existe" : "compte-ajoute");
    }

    private static async Task<IResult> UpdateAccountAsync(int id, [FromForm] AccountForm form, AccountStore accounts, IPasswordHasher<AccountRecord> hasher, CancellationToken ct)
    {
        switch (form.Action)
        {
            case "activate" or "deactivate":
                return await accounts.SetActiveAsync(id, form.Action == "activate", ct) ? Back("compte-modifie") : TypedResults.NotFound();
            case "password":
                if (form.Password is not { Length: >= 10 and <= 200 } password)
                {
                    return Back("mot-de-passe-invalide");
                }

                if (await accounts.GetAsync(id, ct) is not { } account)
                {
                    return TypedResults.NotFound();
                }

                await accounts.SetPasswordHashAsync(account.Id, hasher.HashPassword(account, password), ct);
                return Back("mot-de-passe-change");
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Action inconnue.");
        }
    }

    private static IResult Back(string notice) => Results.Redirect("/supervision?info=" + notice);

    private static string Local(DateTimeOffset? at) => at is { } value
        ? TimeZoneInfo.ConvertTime(value, TimeZoneInfo.FindSystemTimeZoneById(ParisCalendar.TimeZoneName)).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture)
        : "—";

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? string.Empty;

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();
}
