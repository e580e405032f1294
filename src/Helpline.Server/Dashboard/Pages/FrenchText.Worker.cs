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

    // Queue and colleagues.
    public const string LongestWaitLabel = "Attente la plus longue :";
    public const string ColleaguesTitle = "Collègues";

    /// <summary>The answer to a status the worker may not choose (only a hand-made request gets it).</summary>
    public const string UnknownStatus = "Etat inconnu : choisir available, pause ou offline.";
}
