using System.Globalization;
using Helpline.Server.Alerts;
using Helpline.Server.Dashboard.Charts;

namespace Helpline.Server.Dashboard.Pages;

/// <summary>
/// The words of the supervisors' alerts: each kind's title, its definition (quoting its threshold), the banner's
/// message and the e-mail. Never a caller's number, hash or note: a burst says how many calls, not from whom.
/// </summary>
internal static partial class FrenchText
{
    public const string AlertsTitle = "Alertes";
    public const string NoAlert = "Aucune alerte en cours.";
    public const string AlertDefinitionsTitle = "Les alertes et leurs seuils";

    /// <summary>An alert's title.</summary>
    public static string AlertTitle(string kind) => kind switch
    {
        AlertKinds.NobodyLoggedIn => "Aucune écoutante connectée",
        AlertKinds.OldestWait => "Attente trop longue",
        AlertKinds.AbandonRate => "Beaucoup de raccrochés en attente",
        AlertKinds.CallerBurst => "Appels répétés d'un même appelant",
        AlertKinds.DatabaseUnreachable => "Base de données injoignable",
        AlertKinds.JournalNotEmpty => "Appels pas encore enregistrés",
        AlertKinds.FlowReloadRefused => "Modification du parcours refusée",
        _ => kind,
    };

    /// <summary>An alert's definition, with the thresholds in force.</summary>
    public static string AlertDefinition(string kind, AlertsOptions options, int maxCallsPerHour)
    {
        ArgumentNullException.ThrowIfNull(options);
        return kind switch
        {
            AlertKinds.NobodyLoggedIn =>
                $"La ligne est ouverte et aucune écoutante n'est connectée depuis {options.NobodyLoggedInMinutes} minutes (comptées au plus tôt depuis l'ouverture). Connectée : disponible, en pause, en sonnerie, en communication ou en après-appel ; hors ligne ou désactivée ne compte pas.",
            AlertKinds.OldestWait =>
                $"La personne qui attend depuis le plus longtemps, sans être encore en ligne avec une écoutante, attend depuis plus de {Duration(options.OldestWaitSeconds)}.",
            AlertKinds.AbandonRate =>
                $"Dans la dernière heure, plus de {Percent(options.AbandonRate)} des personnes sorties de l'attente ont raccroché avant d'être prises (jugé à partir de {options.AbandonMinimumCallers} personnes sorties de l'attente).",
            AlertKinds.CallerBurst =>
                $"Un même appelant a appelé plus de {maxCallsPerHour} fois dans la dernière heure : tentative de saturation, ou personne en détresse. Il est reconnu sans que son numéro soit gardé ni affiché.",
            AlertKinds.DatabaseUnreachable =>
                "Une instance du service ne joint plus la base de données (pas de réponse en 3 secondes). Les appels restent pris en charge et sont gardés dans son journal ; cette page peut ne plus se mettre à jour.",
            AlertKinds.JournalNotEmpty =>
                "Une instance garde dans son journal des étapes d'appels pas encore écrites dans la base de données (base injoignable ou lente) ; elles le seront à son retour. Les chiffres de la page sont incomplets d'ici là.",
            AlertKinds.FlowReloadRefused =>
                "La dernière modification du fichier du parcours d'appel a été refusée (il contient des erreurs) ; la version précédente continue de servir. Les erreurs sont listées sous « Parcours d'appel en service ».",
            _ => kind,
        };
    }

    /// <summary>The banner's message: the fact now, without a figure that changes every few seconds (a screen reader reads each change).</summary>
    public static string AlertMessage(string kind, string? instance, int? count, int? total, AlertsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var on = instance is null ? "Une instance" : $"L'instance {instance}";
        return kind switch
        {
            AlertKinds.NobodyLoggedIn => "Personne n'est connecté alors que la ligne est ouverte.",
            AlertKinds.OldestWait => $"Une personne attend depuis plus de {Duration(options.OldestWaitSeconds)}.",
            AlertKinds.AbandonRate when count is { } abandons && total is { } exits =>
                $"{abandons} personne{(abandons > 1 ? "s" : string.Empty)} sur {exits} sorties de l'attente dans la dernière heure {(abandons > 1 ? "ont" : "a")} raccroché avant d'être prise{(abandons > 1 ? "s" : string.Empty)} ({Percent((double)abandons / exits)}).",
            AlertKinds.AbandonRate => "Beaucoup de personnes ont raccroché en attente dans la dernière heure.",
            AlertKinds.CallerBurst when count is { } calls => $"Un même appelant a appelé {calls} fois en une heure.",
            AlertKinds.CallerBurst => "Un même appelant a appelé de nombreuses fois en une heure.",
            AlertKinds.DatabaseUnreachable => $"{on} ne joint plus la base de données.",
            AlertKinds.JournalNotEmpty => $"{on} a des étapes d'appels en attente d'écriture dans la base de données.",
            AlertKinds.FlowReloadRefused => $"{on} a refusé la dernière modification du parcours d'appel.",
            _ => kind,
        };
    }

    /// <summary>Since when an alert holds: the time alone on the same Paris day as <paramref name="now"/>, the date too otherwise.</summary>
    public static string AlertSince(DateTimeOffset since, DateTimeOffset now)
    {
        var local = ParisCalendar.LocalTime(since);
        return local.Date == ParisCalendar.LocalTime(now).Date
            ? "Depuis " + local.ToString("HH:mm", CultureInfo.InvariantCulture)
            : "Depuis le " + local.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>The subject of the e-mail of an alert's start or end.</summary>
    public static string AlertMailSubject(string kind, bool started) =>
        $"[{AppName}] {(started ? "Alerte" : "Fin d'alerte")} : {AlertTitle(kind)}";

    /// <summary>
    /// The body of the e-mail of an alert's start or end: what, since when (and until when), its definition and where to
    /// look. Nothing measured and nothing about a caller: an e-mail travels and is kept where the line cannot see it.
    /// </summary>
    public static string AlertMailBody(string kind, string? instance, DateTimeOffset startedAt, DateTimeOffset? endedAt, string definition, string? supervisionUrl)
    {
        static string At(DateTimeOffset at) => ParisCalendar.LocalTime(at).ToString("dd/MM/yyyy 'à' HH:mm", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            endedAt is { } ended
                ? $"Fin de l'alerte « {AlertTitle(kind)} » : elle a commencé le {At(startedAt)} et pris fin le {At(ended)} (heure de Paris)."
                : $"Alerte « {AlertTitle(kind)} » depuis le {At(startedAt)} (heure de Paris).",
        };
        if (instance is not null)
        {
            lines.Add($"Instance concernée : {instance}.");
        }

        lines.Add(string.Empty);
        lines.Add("Définition : " + definition);
        lines.Add(string.Empty);
        lines.Add(supervisionUrl is null
            ? "Les alertes en cours sont affichées sur la page de supervision."
            : $"Les alertes en cours sont affichées sur la page de supervision : {supervisionUrl}");
        lines.Add("Ce message ne contient aucune information sur les appelants.");
        return string.Join("\n", lines) + "\n";
    }
}
