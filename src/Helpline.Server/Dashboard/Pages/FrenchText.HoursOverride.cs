using System.Globalization;
using Helpline.Core.Calendar;
using Helpline.Server.Dashboard.Charts;
using Helpline.Server.Dashboard.Pages.Supervisor;

namespace Helpline.Server.Dashboard.Pages;

/// <summary>The words of the hours override on the supervisors' page: the line's state, the override in force, the form and its errors.</summary>
internal static partial class FrenchText
{
    public const string HoursOverrideTitle = "Ouverture ou fermeture exceptionnelle";
    public const string NoHoursOverride = "Aucune dérogation : les horaires du parcours d'appel s'appliquent.";
    public const string LiftHoursOverride = "Lever la dérogation";
    public const string SetHoursOverrideTitle = "Poser une dérogation";
    public const string HoursOverrideModeLegend = "La ligne sera";
    public const string HoursOverrideOpen = "Ouverte";
    public const string HoursOverrideClosed = "Fermée";
    public const string HoursOverrideUntil = "Fin de la dérogation (heure de Paris)";
    public const string HoursOverrideReason = "Motif de la dérogation";
    public const string HoursOverrideReasonHint = "Visible par l'équipe et gardé avec le nom de la personne qui pose la dérogation.";
    public const string ApplyHoursOverride = "Appliquer";

    /// <summary>The hint under the "until" field.</summary>
    public static string HoursOverrideUntilHint(int maxDays) => $"Elle prend fin d'elle-même à cette heure ; {maxDays} jours au plus.";

    /// <summary>Whether the line is open now, and why.</summary>
    public static string LineStatus(OpeningStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var why = status.Reason switch
        {
            OpeningReason.RegularHours => "horaires habituels",
            OpeningReason.OutsideHours => "en dehors des horaires",
            OpeningReason.PublicHoliday => "jour férié" + (status.Detail is { } holiday ? " : " + holiday : string.Empty),
            OpeningReason.Closure => "fermeture prévue au calendrier" + (status.Detail is { } closure ? " : " + closure : string.Empty),
            OpeningReason.OverrideOpen or OpeningReason.OverrideClosed => "dérogation",
            _ => status.Reason.ToString(),
        };
        return $"La ligne est {(status.IsOpen ? "ouverte" : "fermée")} en ce moment ({why}).";
    }

    /// <summary>The override in force.</summary>
    public static string ActiveHoursOverride(bool open, DateTimeOffset until) =>
        $"Dérogation en cours : ligne {(open ? "ouverte" : "fermée")} jusqu'au {ParisCalendar.LocalTime(until).ToString("dd/MM/yyyy 'à' HH:mm", CultureInfo.InvariantCulture)} (heure de Paris).";

    /// <summary>Who set the override in force, and when.</summary>
    public static string HoursOverrideSetBy(string? by, DateTimeOffset at)
    {
        var who = by switch
        {
            null or "" => string.Empty,
            "admin-token" => " par l'API (jeton d'administration)",
            _ => " par " + by,
        };
        return $"Posée{who} le {ParisCalendar.LocalTime(at).ToString("dd/MM/yyyy 'à' HH:mm", CultureInfo.InvariantCulture)}.";
    }

    /// <summary>The reason of the override in force.</summary>
    public static string HoursOverrideReasonShown(string reason) => "Motif : " + reason;

    /// <summary>A refused field of the form, next to it.</summary>
    public static string HoursOverrideProblem(HoursOverrideProblem problem, DateTimeOffset now, int maxDays) => problem switch
    {
        Supervisor.HoursOverrideProblem.ModeMissing => "Choisissez si la ligne sera ouverte ou fermée.",
        Supervisor.HoursOverrideProblem.UntilMissing => "Indiquez jusqu'à quand, par exemple le 24/11/2026 à 20:00.",
        Supervisor.HoursOverrideProblem.UntilUnreadable => "Date et heure illisibles : indiquez-les comme 2026-11-24T20:00 (heure de Paris).",
        Supervisor.HoursOverrideProblem.UntilSkipped => "Cette heure n'existe pas à Paris ce jour-là (passage à l'heure d'été) : choisissez une heure avant ou après le changement.",
        Supervisor.HoursOverrideProblem.UntilAmbiguous => "Cette heure existe deux fois à Paris ce jour-là (passage à l'heure d'hiver) : choisissez une autre heure.",
        Supervisor.HoursOverrideProblem.UntilPast =>
            $"Cette date est passée (il est {ParisCalendar.LocalTime(now).ToString("HH:mm", CultureInfo.InvariantCulture)} le {ParisCalendar.LocalTime(now).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} à Paris) : choisissez une date à venir.",
        Supervisor.HoursOverrideProblem.UntilTooFar => $"Au plus {maxDays} jours : pour un changement plus long, faites modifier le calendrier du parcours d'appel.",
        Supervisor.HoursOverrideProblem.ReasonMissing => "Indiquez le motif (500 caractères au plus).",
        _ => problem.ToString(),
    };
}
