namespace Helpline.Server.Dashboard.Pages;

/// <summary>The words of a social worker's page (<c>/poste</c>).</summary>
internal static partial class FrenchText
{
    // State card.
    public const string MyStateTitle = "Mon état";
    public const string WrapUpRemaining = "Après-appel : encore";
    public const string ChangeMyState = "Changer mon état";

    // Call card.
    public const string CallTitle = "Appel";
    public const string CallMenuChoice = "Choix du menu :";
    public const string CallWaited = "Attente avant la mise en relation :";
    public const string CallTags = "À savoir :";

    /// <summary>Between the labels of a call's tags.</summary>
    public const string TagSeparator = " · ";

    // After-call form.
    public const string WrapUpTitle = "Après l'appel";
    public const string PendingCallEnded = "Appel terminé — choix du menu :";
    public const string PendingWaited = ", attente :";
    public const string OrientationGiven = "Orientation donnée";
    public const string NoteLabel = "Note (facultative, sans nom ni numéro)";
    public const string SaveAndEndWrapUp = "Enregistrer et terminer l'après-appel";

    // Call-back agreed at wrap-up (issue 13).
    public const string WrapUpCallbackTitle = "Rappel convenu avec la personne";
    public const string WrapUpCallbackIntro =
        "Seulement si la personne l'a demandé au téléphone et a confirmé chaque point ci-dessous. À enregistrer avant l'orientation : le formulaire disparaît avec l'après-appel.";
    public const string WrapUpCallbackNumber = "Numéro à rappeler, confirmé avec elle";
    public const string WrapUpCallbackNumberHelp =
        "10 chiffres commençant par 0, ou un numéro étranger avec + ou 00. Il est chiffré à l'enregistrement, ne sera plus affiché et sera effacé quand le rappel sera terminé.";
    public const string WrapUpCallbackWhen = "Quand (pendant les heures d'ouverture)";
    public const string WrapUpCallbackMessage = "Si quelqu'un d'autre ou un répondeur décroche";
    public const string WrapUpCallbackNoMessage = "Aucun message (par défaut)";
    public const string WrapUpCallbackNeutralMessage = "Un court message neutre, qui ne nomme pas le service";
    public const string WrapUpCallbackCallerId = "Numéro affiché sur son téléphone";
    public const string WrapUpCallbackHelplineNumber = "Le numéro de la ligne d'écoute";
    public const string WrapUpCallbackNeutralNumber = "Un numéro neutre";
    public const string WrapUpCallbackConsent = "La personne a donné son accord pour ce rappel, ce numéro, ce moment et ce choix de message.";
    public const string WrapUpCallbackSave = "Enregistrer le rappel";

    /// <summary>The consent recorded with a call-back agreed at wrap-up (the words she agreed to; never the number).</summary>
    public static string WrapUpCallbackSummary(string when, string callerId, string message) =>
        $"Convenu au téléphone avec l'écoutante : rappel au [numéro confirmé], {when}, {callerId}. {message}";

    /// <summary>The notice once a call-back agreed at wrap-up is recorded.</summary>
    public static string WrapUpCallbackRecorded(int id) => $"Rappel n° {id} enregistré. Le numéro est chiffré et ne sera plus affiché.";

    // Queue and colleagues.
    public const string LongestWaitLabel = "Attente la plus longue :";
    public const string ColleaguesTitle = "Collègues";

    /// <summary>The answer to a status the worker may not choose (only a hand-made request gets it).</summary>
    public const string UnknownStatus = "Etat inconnu : choisir available, pause ou offline.";
}
