using System.Globalization;

namespace Helpline.Server.Dashboard.Pages;

/// <summary>The words of the caller policies on the pages: flagged callers, saturation mode, a worker's report at wrap-up.</summary>
internal static partial class FrenchText
{
    // Flags (/supervision).
    public const string FlagsTitle = "Appelants signalés";
    public const string FlagsIntro =
        "Un appelant signalé est reconnu par l'empreinte chiffrée de son numéro : personne ne saisit ni ne voit de numéro. " +
        "« Bloqué » : il entend les numéros d'urgence (17, 112, 114, 39 19, 116 006) puis l'appel se termine, sans menu ni file ; " +
        "le téléphone peut être partagé avec une victime, d'où ce message. « Vigilance » : l'appel passe, l'écoutante est prévenue.";
    public const string FlagsWithheld = "Un appel en numéro masqué ne peut pas être signalé : l'appelant ne peut pas être reconnu.";
    public const string BlockedTodayLabel = "Appels bloqués aujourd'hui";
    public const string BlockedTodayDefinition = "Appels reçus aujourd'hui (heure de Paris) d'un appelant signalé « bloqué », terminés après le message d'urgence.";
    public const string ProposalsTitle = "Signalements d'écoutantes à examiner";
    public const string NoProposals = "Aucun signalement en attente.";
    public const string ActiveFlagsTitle = "Signalements en vigueur";
    public const string NoActiveFlags = "Aucun appelant signalé.";
    public const string KindHeader = "Type";
    public const string ReasonHeader = "Motif";
    public const string NoteHeader = "Note";
    public const string ByHeader = "Par";
    public const string CreatedHeader = "Le";
    public const string ExpiresHeader = "Fin";
    public const string ReviewHeader = "À revoir le";
    public const string BlockedCallsHeader = "Appels bloqués";
    public const string ConfirmBlocked = "Confirmer : bloquer";
    public const string ConfirmWatch = "Confirmer : vigilance";
    public const string Reject = "Rejeter";
    public const string Lift = "Lever";
    public const string RaiseTitle = "Signaler l'appelant d'un appel récent";
    public const string RaiseCallLabel = "Appel";
    public const string RaiseKindLabel = "Type";
    public const string RaiseReasonLabel = "Motif";
    public const string RaiseNoteLabel = "Note (facultative, jamais de numéro)";
    public const string RaiseDaysLabel = "Durée (jours)";
    public const string RaiseReviewLabel = "À revoir dans (jours)";
    public const string RaiseButton = "Signaler";
    public const string NoRecentCalls = "Aucun appel récent.";

    /// <summary>A flag kind as the supervisor reads it.</summary>
    public static string FlagKind(string kind) => kind == "blocked" ? "Bloqué" : "Vigilance";

    /// <summary>The hint under the flag form.</summary>
    public static string RaiseHint(int defaultDays, int maxDays) =>
        $"Par défaut {defaultDays} jours, {maxDays} au plus ; un nouveau signalement remplace celui en vigueur. Chaque changement est conservé (qui, quand, quoi).";

    /// <summary>A recent call in the flag form's list: when, which choice, how it ended, and whether it can be flagged.</summary>
    public static string RecentCall(DateTimeOffset startedAt, string? menuChoice, string outcome, bool withheld, string? flagKind) =>
        $"{LocalTime(startedAt)} · {(menuChoice is null ? "sans choix" : "choix " + menuChoice)} · {outcome}"
        + (withheld ? " · numéro masqué : ne peut pas être signalé" : flagKind is null ? string.Empty : " · déjà signalé (" + FlagKind(flagKind).ToLowerInvariant() + ")");

    // Saturation mode (/supervision).
    public const string SaturationTitle = "Mode saturation";
    public const string SaturationIntro =
        "En cas d'appels en masse pour bloquer la ligne : chaque nouvel appelant doit taper un code de 3 chiffres dit par la ligne avant d'entrer en file " +
        "(3 essais, puis le message d'urgence). Les touches 1 à 3 du menu restent accessibles avant le code ; une personne coupée qui rappelle n'a pas de code.";
    public const string SaturationOff = "Le mode saturation est désactivé.";
    public const string SaturationUntilLabel = "Jusqu'au (heure de Paris)";
    public const string SaturationReasonLabel = "Motif";
    public const string SaturationOn = "Activer le mode saturation";
    public const string SaturationStop = "Désactiver le mode saturation";
    public const string ChallengePassedLabel = "Code tapé";
    public const string ChallengeFailedLabel = "Code manqué";
    public const string ChallengeCountsDefinition = "Appelants arrivés depuis l'activation qui ont tapé le bon code (mis en file), ou manqué leurs 3 essais (appel terminé après le message d'urgence).";

    /// <summary>The active saturation mode.</summary>
    public static string SaturationActive(DateTimeOffset until, string by, DateTimeOffset since) =>
        $"Activé par {by} le {LocalTime(since)}, jusqu'au {LocalTime(until)}.";

    /// <summary>The hint under the saturation form.</summary>
    public static string SaturationHint(int maxDays) => string.Create(CultureInfo.InvariantCulture, $"{maxDays} jours au plus ; il se désactive tout seul à l'heure dite.");

    // A worker's report at wrap-up (/poste).
    public const string ReportLegend = "Appel malveillant ?";
    public const string ReportCheck = "Signaler cet appelant (un·e responsable confirmera)";
    public const string ReportReasonLabel = "Motif du signalement";

    /// <summary>The notices of the caller-policy forms (null for another key).</summary>
    private static string? CallersNotice(string? key) => key switch
    {
        "signalement-enregistre" => "Appelant signalé.",
        "signalement-invalide" => "Signalement refusé : choisissez un appel, un type et un motif ; durée et date de revue en jours (durée maximale indiquée), note de 500 caractères au plus.",
        "signalement-masque" => "Cet appel est en numéro masqué : l'appelant ne peut pas être reconnu, donc pas signalé.",
        "signalement-inconnu" => "Cet appel n'existe pas (ou plus).",
        "signalement-decide" => "Décision enregistrée.",
        "signalement-deja-decide" => "Ce signalement a déjà été traité par quelqu'un d'autre.",
        "saturation-activee" => "Mode saturation activé.",
        "saturation-desactivee" => "Mode saturation désactivé.",
        "saturation-sans-code" => "Mode saturation refusé : le parcours d'appel en service n'a pas de bloc « challenge » (le code à taper) ; il ne filtrerait personne. Faites-le ajouter au flux (guide des opérateurs), puis réessayez.",
        "saturation-invalide" => "Mode saturation refusé : indiquez une fin dans le futur (heure de Paris, 7 jours au plus, hors heure sautée ou répétée au changement d'heure) et un motif.",
        "orientation-signalement" => "Orientation enregistrée ; l'appelant est signalé, un·e responsable confirmera.",
        "orientation-signalement-masque" => "Orientation enregistrée ; l'appel était en numéro masqué, l'appelant ne peut pas être signalé.",
        "orientation-signalement-invalide" => "Orientation enregistrée ; signalement refusé : choisissez un motif dans la liste.",
        _ => null,
    };
}
