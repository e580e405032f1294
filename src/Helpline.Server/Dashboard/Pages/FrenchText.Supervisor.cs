namespace Helpline.Server.Dashboard.Pages;

/// <summary>The words of the supervisors' page (<c>/supervision</c>), its charts and its CSV export's refusals.</summary>
internal static partial class FrenchText
{
    // Team table and live queue.
    public const string TeamTitle = "Écoutantes";
    public const string SinceHeader = "Depuis";
    public const string AnsweredHeader = "Appels pris";
    public const string LongestWaitInline = "· attente la plus longue :";
    public const string RankHeader = "Rang";
    public const string WaitHeader = "Attente";

    // Counters.
    public const string TodayTitle = "Aujourd'hui";

    // Charts.
    public const string ChartsTitle = "Graphiques";
    public const string ChartData = "Données";
    public const string ChartCalls = "Appels";
    public const string CallsPerHourTitle = "Appels reçus par heure, aujourd'hui";
    public const string CallsPerDayTitle = "Appels reçus par jour, 30 derniers jours";
    public const string WaitsTitle = "Durée d'attente des personnes sorties de l'attente, 30 derniers jours";
    public const string OutcomesTitle = "Issue des appels par choix du menu, 30 derniers jours";

    /// <summary>An hour of the day on the calls-per-hour chart.</summary>
    public static string Hour(int hour) => $"{hour} h";

    /// <summary>The wait chart's buckets, in the order of <c>StatisticsStore.WaitDistributionAsync</c>.</summary>
    public static IReadOnlyList<string> WaitBuckets { get; } = ["≤ 30 s", "30 s – 1 min", "1 – 2 min", "2 – 5 min", "5 – 10 min", "> 10 min"];

    // CSV export.
    public const string ExportTitle = "Export CSV";
    public const string ExportFrom = "Du";
    public const string ExportTo = "au";
    public const string Download = "Télécharger";

    /// <summary>The hint under the export form.</summary>
    public static string ExportHint(int maxDays) => $"Une ligne par jour (heure de Paris), avec les compteurs définis ci-dessus. {maxDays} jours au plus.";

    public const string ExportBadDates = "Dates attendues au format AAAA-MM-JJ (paramètres du et au).";

    /// <summary>The export's refusal of a range that is reversed or too long.</summary>
    public static string ExportBadRange(int maxDays) => $"La date de fin doit suivre la date de début, sur {maxDays} jours au plus.";

    // Flow panel.
    public const string FlowTitle = "Parcours d'appel en service";
    public const string FlowVersion = "Version";
    public const string FlowLoadedAt = "Chargé le";
    public const string FlowFile = "Fichier";
    public const string FlowNoRejection = "Aucune modification refusée depuis le démarrage.";
    public const string FlowDiagram = "Diagramme (Mermaid)";

    /// <summary>The heading of the last refused change.</summary>
    public static string FlowRejectedTitle(string at) => $"Dernière modification refusée — {at}";

    public const string FlowRejectedVersion = "Version";
    public const string FlowRejectedKept = "; la version précédente continue de servir. Erreurs :";

    // Workers management.
    public const string ManageWorkersTitle = "Gérer les écoutantes";
    public const string PhoneHeader = "Téléphone";
    public const string ActiveHeaderWorker = "Active";
    public const string ActionsHeader = "Actions";
    public const string Save = "Enregistrer";
    public const string AddWorker = "Ajouter une écoutante";

    /// <summary>The hidden label of a worker's phone field.</summary>
    public static string PhoneOf(string name) => $"Téléphone de {name}";

    /// <summary>The button that switches a worker or an account on or off.</summary>
    public static string ToggleActive(bool active) => active ? "Désactiver" : "Réactiver";

    // Accounts management.
    public const string AccountsTitle = "Comptes";
    public const string RoleHeader = "Rôle";
    public const string WorkerHeader = "Écoutante";
    public const string ActiveHeaderAccount = "Actif";
    public const string NewPassword = "Nouveau mot de passe";
    public const string ChangePassword = "Changer";
    public const string CreateAccount = "Créer le compte";

    /// <summary>The hidden label of an account's new-password field.</summary>
    public static string NewPasswordFor(string login) => $"Nouveau mot de passe pour {login}";

    /// <summary>An account role as the table names it.</summary>
    public static string Role(string role) => role == Helpline.Data.Accounts.AccountRoles.Supervisor ? "Supervision" : "Écoutante";

    /// <summary>The answer to a management form whose action the page never sends.</summary>
    public const string UnknownAction = "Action inconnue.";

    /// <summary>The counters' definitions, written on the supervisor page (label, definition).</summary>
    /// <summary>The definition of a tag's counter (its label comes from the flow).</summary>
    public static string TagCounterDefinition(string tag) =>
        $"Appels reçus aujourd'hui qui portent l'étiquette « {tag} » du flux d'appel (posée par un choix du menu, ou par la ligne pour un rappel après coupure).";

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

    // Call-backs (issue 13).
    public const string CallbacksTitle = "Rappels";
    public const string PendingCallbacksTitle = "Rappels en attente";
    public const string NoPendingCallback = "Aucun rappel en attente.";
    public const string CallbackHeader = "Rappel";
    public const string CallbackWindowHeader = "Fenêtre (heure de Paris)";
    public const string CallbackSourceHeader = "Demandé";
    public const string CallbackStateHeader = "État";
    public const string CallbackAttemptsHeader = "Tentatives";
    public const string CallbackActionHeader = "Action";
    public const string CancelCallback = "Annuler";

    /// <summary>How a request is named on the pages: never by its number.</summary>
    public static string CallbackNumber(int id) => $"rappel n° {id}";

    /// <summary>A call-back's turn on the worker's call card: "Rappel n° 12, fenêtre mer. 25/11, 09 h 00 – 12 h 00".</summary>
    public static string CallbackOnCallCard(int id, DateTimeOffset from, DateTimeOffset to) => $"Rappel n° {id}, fenêtre {CallbackWindow(from, to)}";

    /// <summary>The accessible name of a request's cancel button.</summary>
    public static string CancelCallbackLabel(int id) => $"Annuler le rappel n° {id}";

    /// <summary>A window in Paris time: "mar. 24/11, 14 h 00 – 17 h 00".</summary>
    public static string CallbackWindow(DateTimeOffset from, DateTimeOffset to)
    {
        var start = Charts.ParisCalendar.LocalTime(from);
        var end = Charts.ParisCalendar.LocalTime(to);
        var french = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
        return $"{start.ToString("ddd dd/MM", french)}, {start:HH} h {start:mm} – {end:HH} h {end:mm}";
    }

    /// <summary>Who asked for a request.</summary>
    public static string CallbackSource(string source) => source == "worker" ? "par une écoutante, convenu au téléphone" : "par la personne, en attente";

    /// <summary>Where a request's turn stands.</summary>
    public static string CallbackState(string queueStatus) => queueStatus switch
    {
        "scheduled" => "programmé",
        "waiting" => "à passer",
        "offered" => "écoutante appelée",
        "picked-up" => "en cours",
        _ => queueStatus,
    };

    /// <summary>Today's call-back figures, each with its definition (the CSV's columns use the same ones).</summary>
    public static IReadOnlyList<(string Key, string Label, string Definition, int Value)> CallbackCounterDefinitions(Helpline.Data.Callbacks.CallbackCounters c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return
        [
            ("requested", "Rappels demandés", "Demandes de rappel enregistrées aujourd'hui, avec l'accord de la personne (en attente au téléphone, ou convenues avec une écoutante à l'après-appel).", c.Requested),
            ("made", "Rappels passés", "Parmi les demandes d'aujourd'hui, celles dont le numéro a été composé au moins une fois.", c.Made),
            ("reached", "Personnes jointes", "Rappels terminés aujourd'hui par une conversation avec une écoutante.", c.Reached),
            ("notReached", "Non jointes", "Rappels terminés aujourd'hui sans joindre la personne après le nombre de tentatives prévu.", c.NotReached),
            ("expired", "Expirés", "Rappels terminés aujourd'hui parce que leur fenêtre est passée (ou la ligne fermée) avant qu'ils puissent être passés.", c.Expired),
            ("cancelled", "Annulés", "Rappels annulés aujourd'hui, par la personne (en rappelant la ligne) ou par une superviseure.", c.Cancelled),
        ];
    }
}
