using System.Globalization;
using Helpline.Data.Routing;
using Helpline.Server.Dashboard.Charts;

namespace Helpline.Server.Dashboard.Pages;

/// <summary>
/// Every word the social workers and supervisors read on the dashboard, in one place: the Razor components and the
/// endpoints hold no French of their own (a test checks it), so a change of wording is a change of this type only.
/// </summary>
/// <remarks>
/// One type split by page (<c>FrenchText.Worker.cs</c>, <c>FrenchText.Supervisor.cs</c>, <c>FrenchText.SignIn.cs</c>);
/// this file holds the words several pages share. C# rather than a .resx: the service speaks French only, and much of
/// the wording is logic (plurals, durations, outcomes by configured destination, definitions that quote a setting)
/// that a resource file would split from its sentences; here a misspelt name is a build error, not a blank page.
/// </remarks>
internal static partial class FrenchText
{
    /// <summary>The product name in page titles.</summary>
    public const string AppName = "Ligne d'écoute";

    /// <summary>What a page shows where there is no value.</summary>
    public const string Nothing = "—";

    // The frame of every page (DashboardLayout).
    public const string SkipToContent = "Aller au contenu";
    public const string MainNavigation = "Navigation principale";
    public const string WorkerPageTitle = "Mon poste";
    public const string SupervisorPageTitle = "Supervision";
    public const string SignOut = "Se déconnecter";

    // Words both pages use.
    public const string QueueTitle = "File d'attente";
    public const string WaitingPeople = "personne(s) en attente";
    public const string MenuChoiceHeader = "Choix du menu";
    public const string StateHeader = "État";
    public const string NameHeader = "Nom";

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
            return Nothing;
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
    public static string Percent(double? share) => share is { } v ? $"{Math.Round(v * 100):0} %" : Nothing;

    /// <summary>A caller's place in the queue as the supervisor reads it: still waiting, or ringing a worker's phone.</summary>
    public static string QueueState(string status) => status == "offered" ? "Proposé à une écoutante" : "En attente";

    /// <summary>An instant as a person in Paris reads it ("24/11/2026 10:05:00"), or a dash.</summary>
    public static string LocalTime(DateTimeOffset? at) => at is { } value
        ? ParisCalendar.LocalTime(value).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture)
        : Nothing;

    /// <summary>A yes/no cell.</summary>
    public static string YesNo(bool value) => value ? "Oui" : "Non";

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
            "blocked" => "Bloqué (appelant signalé)",
            "challenge-failed" => "Code de saturation non tapé",
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
        "derogation-posee" => "Dérogation enregistrée : elle s'applique aux nouveaux appels (sur toutes les instances dans les secondes qui viennent).",
        "derogation-levee" => "Dérogation levée : les horaires du parcours d'appel s'appliquent de nouveau.",
        "aucune-derogation" => "Il n'y avait pas de dérogation à lever.",
        "rappel-numero-invalide" => "Rappel non enregistré : ce numéro ne peut pas être appelé. Tapez 10 chiffres commençant par 0, ou un numéro étranger avec + ou 00.",
        "rappel-numero-special" => "Rappel non enregistré : les numéros en 08 (services, tarifs spéciaux) ne peuvent pas être rappelés.",
        "rappel-numero-etranger" => "Rappel non enregistré : ce numéro étranger n'est pas complet (indicatif du pays puis 8 à 15 chiffres).",
        "rappel-fenetre" => "Rappel non enregistré : choisissez un moment parmi ceux proposés (les créneaux passés ne le sont plus).",
        "rappel-accord" => "Rappel non enregistré : il faut l'accord de la personne.",
        "rappel-refuse" => "Rappel non enregistré : cet appel n'est pas le vôtre, ou son après-appel est terminé.",
        "rappel-indisponible" => "Le rappel n'est pas proposé par le flux d'appel en service.",
        "rappel-annule" => "Rappel annulé ; son numéro est effacé.",
        "rappel-deja-termine" => "Ce rappel n'est plus en attente : il a déjà été passé, a expiré ou a été annulé.",
        _ => CallersNotice(key),
    };
}
