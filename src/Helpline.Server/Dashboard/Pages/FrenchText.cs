using Helpline.Data.Routing;
using Helpline.Server.Dashboard.Orientations;
using Helpline.Server.Dashboard.SignIn;

namespace Helpline.Server.Dashboard.Pages;

/// <summary>
/// Every word the social workers and supervisors read on the dashboard, in one place (the code stays in English; a
/// change of wording is a change of this file only).
/// </summary>
internal static class FrenchText
{
    /// <summary>The product name in page titles.</summary>
    public const string AppName = "Ligne d'écoute";

    /// <summary>A worker state as the page names it.</summary>
    public static string Status(string status) => status switch
    {
        WorkerStatuses.Available => "Disponible",
        WorkerStatuses.Pause => "En pause",
        WorkerStatuses.Offline => "Hors ligne",
        WorkerStatuses.Ringing => "Sonnerie",
        WorkerStatuses.OnCall => "En communication",
        WorkerStatuses.WrapUp => "Après-appel",
        _ => status,
    };

    /// <summary>
    /// A worker's state as the pages show it: an autopause says so and why ("En pause automatique après 2 appels
    /// manqués"), and a status chosen during a call says what comes after it ("En communication · en pause après l'appel").
    /// </summary>
    public static string WorkerLabel(WorkerRecord worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var label = worker.Status == WorkerStatuses.Pause && worker.AutoPaused
            ? $"En pause automatique après {worker.MissedInARow} appel{(worker.MissedInARow > 1 ? "s" : string.Empty)} manqué{(worker.MissedInARow > 1 ? "s" : string.Empty)}"
            : Status(worker.Status);
        return worker.PendingStatus switch
        {
            WorkerStatuses.Pause => label + " · en pause après l'appel",
            WorkerStatuses.Offline => label + " · hors ligne après l'appel",
            _ => label,
        };
    }

    /// <summary>The caller's menu choice as the worker reads it.</summary>
    public static string MenuChoice(string? choice) => string.IsNullOrEmpty(choice) ? "aucune touche" : $"touche {choice}";

    /// <summary>A duration written for a person: "45 s", "3 min 05 s", "1 h 02 min".</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is null)
        {
            return "—";
        }

        var s = (int)Math.Round(seconds.Value);
        return s switch
        {
            < 60 => $"{s} s",
            < 3600 => $"{s / 60} min {s % 60:00} s",
            _ => $"{s / 3600} h {s % 3600 / 60:00} min",
        };
    }

    /// <summary>A share as a percentage, or a dash when there is nothing to divide.</summary>
    public static string Percent(double? share) => share is { } v ? $"{Math.Round(v * 100):0} %" : "—";

    /// <summary>A stored call outcome as the supervisor reads it.</summary>
    public static string Outcome(string outcome, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (outcome.StartsWith("transferred:", StringComparison.Ordinal))
        {
            var destination = outcome["transferred:".Length..];
            return destination == options.PoliceDestination ? "Transféré au 17"
                : destination == options.HousingDestination ? "Transféré au 115"
                : destination == options.ChildProtectionDestination ? "Transféré protection de l'enfance"
                : $"Transféré ({destination})";
        }

        return outcome switch
        {
            "answered" => "Pris par une écoutante",
            "overflowed" => "Débordement",
            "abandoned" or "abandoned-in-queue" => "Raccroché",
            "" or "queued" => "En cours",
            _ when outcome.StartsWith("transfer-", StringComparison.Ordinal) => "Transfert échoué",
            _ when outcome.StartsWith("transferring:", StringComparison.Ordinal) => "En cours",
            _ => "Autre",
        };
    }

    /// <summary>Messages shown after an action (keyed, so nothing from the query string is ever echoed).</summary>
    public static string? Notice(string? key) => key switch
    {
        "etat-apres-appel" => "Votre nouvel état prendra effet à la fin de l'appel et de l'après-appel.",
        "orientation-enregistree" => "Orientation enregistrée ; l'après-appel est terminé.",
        "orientation-refusee" => "L'orientation de cet appel est déjà enregistrée, ou cet appel n'est pas le vôtre.",
        "orientation-invalide" => "Choisissez une orientation dans la liste.",
        "ecoutante-ajoutee" => "Écoutante ajoutée.",
        "ecoutante-existe" => "Une écoutante porte déjà ce nom.",
        "telephone-invalide" => "Le numéro doit être au format international, par exemple +33600000000.",
        "nom-invalide" => "Le nom est obligatoire (100 caractères au plus).",
        "ecoutante-modifiee" => "Écoutante modifiée.",
        "compte-ajoute" => "Compte créé.",
        "compte-existe" => "Cet identifiant existe déjà, ou l'écoutante choisie n'existe pas.",
        "compte-invalide" => "Identifiant (1 à 100 caractères), mot de passe (10 caractères au moins) et rôle sont obligatoires ; un compte d'écoutante doit être lié à une écoutante.",
        "compte-modifie" => "Compte modifié.",
        "mot-de-passe-change" => "Mot de passe changé. Communiquez-le à la personne par un autre moyen que la messagerie.",
        "mot-de-passe-invalide" => "Le mot de passe doit avoir 10 caractères au moins (200 au plus).",
        _ => null,
    };

    /// <summary>Sign-in refusals.</summary>
    public const string WrongCredentials = "Identifiant ou mot de passe incorrect.";

    /// <summary>The sign-in page's link to the département's directory.</summary>
    public const string DirectorySignIn = "Se connecter avec l'annuaire du département";

    /// <summary>Directory sign-in refused: no active account with this login, or the directory does not grant the role.</summary>
    public const string DirectoryRefused = "L'annuaire vous a bien identifié·e, mais vous n'avez pas accès à la ligne d'écoute (compte absent, désactivé, ou rôle manquant dans l'annuaire). Adressez-vous à votre superviseure.";

    /// <summary>Directory sign-in done.</summary>
    public const string DirectorySignedIn = "Vous êtes connecté·e.";

    /// <summary>Sign-in slowed after repeated failures.</summary>
    public static string TooManyAttempts(TimeSpan wait) => $"Trop de tentatives pour cet identifiant. Réessayez dans {Duration(Math.Ceiling(wait.TotalSeconds))}.";

    /// <summary>The rate limiter refused the request.</summary>
    public const string RateLimited = "Trop de tentatives de connexion depuis cet appareil. Réessayez dans une minute.";

    /// <summary>The page a signed-in person may not open.</summary>
    public const string Forbidden = "Cette page est réservée aux superviseures et superviseurs.";

    /// <summary>The counters' definitions, written on the supervisor page (label, definition).</summary>
    public static IReadOnlyList<(string Key, string Label, string Definition)> CounterDefinitions(int serviceLevelSeconds, int shortAbandonSeconds) =>
    [
        ("offered", "Appels reçus", "Tous les appels arrivés sur la ligne aujourd'hui, quelle que soit leur suite."),
        ("answered", "Pris par une écoutante", "Personnes mises en attente puis mises en relation avec une écoutante (compté quand la conversation est terminée ; une écoutante qui décroche après que la personne a raccroché ne compte pas)."),
        ("abandoned", "Raccrochés en attente", "Personnes qui ont raccroché pendant l'attente, avant qu'une écoutante ne soit en ligne avec elles (y compris pendant la sonnerie ou l'annonce à l'écoutante)."),
        ("overflowed", "Débordements", "Personnes orientées vers le 3919 après l'attente maximale, ou quand aucune écoutante ne pouvait venir (toutes en pause ou hors ligne)."),
        ("police", "Transférés au 17", "Appels mis en relation avec la police (le 17 a décroché)."),
        ("housing", "Transférés au 115", "Appels mis en relation avec l'hébergement d'urgence (le 115 a décroché)."),
        ("child", "Transférés protection de l'enfance", "Appels mis en relation avec le service de protection de l'enfance."),
        ("serviceLevel", "Niveau de service", $"Part des personnes sorties de l'attente (prises, raccrochées — raccrochés courts compris — ou débordées) qui ont été prises en {serviceLevelSeconds} secondes au plus."),
        ("abandonRate", "Taux d'abandon", "Part des personnes sorties de l'attente qui ont raccroché avant d'être prises (raccrochés courts compris)."),
        ("shortAbandoned", "Raccrochés courts", $"Parmi les raccrochés en attente, les personnes qui ont raccroché après moins de {shortAbandonSeconds} secondes d'attente. Sur cette ligne, ce peut être une victime interrompue : elles restent comptées dans le niveau de service et le taux d'abandon."),
        ("averageWait", "Attente moyenne", "Durée moyenne d'attente des personnes sorties de l'attente aujourd'hui."),
        ("longestWait", "Attente la plus longue", "La plus longue de ces attentes."),
        ("averageTalk", "Durée moyenne d'entretien", "Durée moyenne des conversations terminées avec une écoutante."),
    ];
}
