using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Helpline.Core.Flows.Execution;
using Helpline.Data.Accounts;
using Helpline.Data.Callbacks;
using Helpline.Data.Routing;
using Helpline.Data.Statistics;
using Helpline.Server.Flows;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Helpline.Server.Dashboard.Charts;
using Helpline.Server.Dashboard.Live;
using Helpline.Server.Dashboard.Pages.Supervisor;

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
        group.MapAlertStream();
        group.MapHoursOverrideForm(PageAsync);
        group.MapPost("/rappels/{id:int}/annuler", CancelCallbackAsync);
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
        HttpContext context, LiveFeed feed, StatisticsStore statistics, RoutingStore routing, AccountStore accounts, CallbackStore callbacks, FlowRegistry flows, FlowReloadStatus reloads,
        IOptions<DashboardOptions> options, IOptions<StatisticsOptions> definitions, TimeProvider time, string? info, CancellationToken ct)
    {
        var snapshot = await feed.SupervisorSnapshotAsync(ct);
        var today = ParisCalendar.DateOf(time.GetUtcNow());
        var (dayFrom, dayTo) = ParisCalendar.Day(today);
        var (monthFrom, monthTo) = ParisCalendar.Days(today.AddDays(-29), today);
        var figures = new ChartFigures(
            today,
            await statistics.CallsPerHourAsync(dayFrom, dayTo, ParisCalendar.TimeZoneName, ct),
            await statistics.CallsPerDayAsync(monthFrom, monthTo, ParisCalendar.TimeZoneName, ct),
            await statistics.WaitDistributionAsync(monthFrom, monthTo, ct),
            await statistics.OutcomesByChoiceAsync(monthFrom, monthTo, ct));
        return DashboardPage.Render<SupervisorPage>(context, new Dictionary<string, object?>
        {
            [nameof(SupervisorPage.Snapshot)] = snapshot,
            [nameof(SupervisorPage.Figures)] = figures,
            [nameof(SupervisorPage.Options)] = options.Value,
            [nameof(SupervisorPage.ShortAbandonSeconds)] = definitions.Value.ShortAbandonSeconds,
            [nameof(SupervisorPage.Serving)] = ServingFlow.Of(flows),
            [nameof(SupervisorPage.Tags)] = feed.DeclaredTags(),
            [nameof(SupervisorPage.Rejected)] = reloads.LastRejected,
            [nameof(SupervisorPage.CallbackCounters)] = await callbacks.CountersAsync(dayFrom, dayTo, ct),
            [nameof(SupervisorPage.PendingCallbacks)] = await callbacks.PendingAsync(ct),
            [nameof(SupervisorPage.Workers)] = await routing.ListWorkersAsync(ct),
            [nameof(SupervisorPage.Accounts)] = await accounts.ListAsync(ct),
            [nameof(SupervisorPage.Callers)] = await CallerPolicyView.LoadAsync(context.RequestServices, ct),
            [nameof(SupervisorPage.Notice)] = FrenchText.Notice(info),
            [nameof(SupervisorPage.Alerts)] = AlertsView.For(context),
            [nameof(SupervisorPage.HoursOverride)] = await HoursOverrideView.ForPageAsync(context, ct),
        });
    }

    private static IResult Stream(LiveFeed feed, HttpContext context, CancellationToken ct)
    {
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.ServerSentEvents(LiveFeed.StreamAsync(feed.SupervisorSnapshotAsync, ct));
    }

    private static async Task<IResult> ExportAsync(
        string? du, string? au, StatisticsStore statistics, CallbackStore callbacks, LiveFeed feed, IOptions<DashboardOptions> options, IOptions<StatisticsOptions> definitions,
        Data.Callers.FlagStore flags, Data.Callers.SaturationStore saturation, HttpContext context, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(du, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            || !DateOnly.TryParseExact(au, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: FrenchText.ExportBadDates);
        }

        if (last < first || last.DayNumber - first.DayNumber >= MaxExportDays)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: FrenchText.ExportBadRange(MaxExportDays));
        }

        var settings = options.Value;
        var transfers = LiveFeed.Transfers(settings);
        var csv = new StringBuilder("date,appels_recus,pris,raccroches_en_attente,debordements,transferes_17,transferes_115,transferes_protection_enfance,")
            .Append(CultureInfo.InvariantCulture, $"pris_en_{settings.ServiceLevelSeconds}s,sortis_de_l_attente,niveau_de_service,attente_moyenne_s,attente_max_s,entretien_moyen_s,")
            .Append(CultureInfo.InvariantCulture, $"raccroches_courts_moins_de_{definitions.Value.ShortAbandonSeconds}s,taux_d_abandon,")
            .Append("appels_bloques,code_saturation_tape,code_saturation_manque");
        // One column per tag the serving flow declares: calls that carried it (names are lower-case words and dashes).
        var tags = feed.DeclaredTags();
        foreach (var tag in tags)
        {
            csv.Append(",etiquette_").Append(tag.Name.Replace('-', '_'));
        }

        // Call-backs (issue 13), defined as on the page (FrenchText.CallbackCounterDefinitions).
        csv.Append(",rappels_demandes,rappels_passes,rappels_joints,rappels_non_joints,rappels_expires,rappels_annules");
        csv.Append("\r\n");
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var (from, to) = ParisCalendar.Day(day);
            var c = await statistics.CountersAsync(from, to, settings.ServiceLevelSeconds, definitions.Value.ShortAbandonSeconds, transfers, ct);
            csv.Append(CultureInfo.InvariantCulture,
                $"{day:yyyy-MM-dd},{c.Offered},{c.Answered},{c.Abandoned},{c.Overflowed},{c.TransferredPolice},{c.TransferredHousing},{c.TransferredChildProtection},{c.AnsweredWithinTarget},{c.QueueFinished},{Number(c.ServiceLevel, "0.000")},{Number(c.AverageWaitSeconds, "0.0")},{c.LongestWaitSeconds},{Number(c.AverageTalkSeconds, "0.0")},")
                .Append(CultureInfo.InvariantCulture, $"{c.ShortAbandoned},{Number(c.AbandonRate, "0.000")},");
            var (passed, failed) = await saturation.ChallengesBetweenAsync(from, to, ct);
            csv.Append(CultureInfo.InvariantCulture, $"{await flags.BlockedCallsAsync(from, to, ct)},{passed},{failed}");
            foreach (var tag in tags)
            {
                csv.Append(',').Append(c.TaggedCalls.GetValueOrDefault(tag.Name).ToString(CultureInfo.InvariantCulture));
            }

            var r = await callbacks.CountersAsync(from, to, ct);
            csv.Append(CultureInfo.InvariantCulture, $",{r.Requested},{r.Made},{r.Reached},{r.NotReached},{r.Expired},{r.Cancelled}");

            csv.Append("\r\n");
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"ligne-ecoute-{first:yyyy-MM-dd}-{last:yyyy-MM-dd}.csv");
    }

    /// <summary>
    /// A supervisor cancels a pending call-back: it ends as cancelled, its number erased, a worker whose phone rang for
    /// it freed (one statement); the audit line names the request and the supervisor, never a number.
    /// </summary>
    private static async Task<IResult> CancelCallbackAsync(int id, HttpContext context, CallbackStore callbacks, Agents.Dispatcher dispatcher, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var login = context.User.Identity?.Name ?? "?";
        if (!await callbacks.CancelAsync(id, "supervisor:" + login, time.GetUtcNow(), ct))
        {
            return Back("rappel-deja-termine");
        }

        loggers.CreateLogger("Helpline.Server.Dashboard.Callbacks").LogInformation("Supervisor {Login} cancelled call-back {Request}", login, id);
        dispatcher.Wake();
        return Back("rappel-annule");
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
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: FrenchText.UnknownAction);
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
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: FrenchText.UnknownAction);
        }
    }

    /// <summary>Back to the page with the notice keyed <paramref name="notice"/> (nothing typed is echoed).</summary>
    internal static IResult Back(string notice) => Results.Redirect("/supervision?info=" + notice);

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? string.Empty;

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();
}
