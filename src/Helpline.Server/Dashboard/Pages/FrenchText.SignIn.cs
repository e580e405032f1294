namespace Helpline.Server.Dashboard.Pages;

/// <summary>The words of the sign-in page and of the pages that refuse or end a sign-in.</summary>
internal static partial class FrenchText
{
    // The sign-in form (SignInPage).
    public const string SignInTitle = "Connexion";
    public const string LoginLabel = "Identifiant";
    public const string PasswordLabel = "Mot de passe";
    public const string SignInButton = "Se connecter";

    /// <summary>Sign-in refusals.</summary>
    public const string WrongCredentials = "Identifiant ou mot de passe incorrect.";

    /// <summary>The sign-in page's link to the département's directory.</summary>
    public const string DirectorySignIn = "Se connecter avec l'annuaire du département";

    /// <summary>The directory's name as the OpenID Connect scheme shows it.</summary>
    public const string DirectoryName = "Annuaire du département";

    /// <summary>Directory sign-in refused: no active account with this login, or the directory does not grant the role.</summary>
    public const string DirectoryRefused = "L'annuaire vous a bien identifié·e, mais vous n'avez pas accès à la ligne d'écoute (compte absent, désactivé, ou rôle manquant dans l'annuaire). Adressez-vous à votre superviseure.";

    public const string DirectoryRefusedTitle = "Connexion refusée";
    public const string BackToSignIn = "Retour à la connexion";

    /// <summary>Directory sign-in done.</summary>
    public const string DirectorySignedIn = "Vous êtes connecté·e.";

    public const string Continue = "Continuer";

    /// <summary>Sign-in slowed after repeated failures.</summary>
    public static string TooManyAttempts(TimeSpan wait) => $"Trop de tentatives pour cet identifiant. Réessayez dans {Duration(Math.Ceiling(wait.TotalSeconds))}.";

    /// <summary>The rate limiter refused the request.</summary>
    public const string RateLimited = "Trop de tentatives de connexion depuis cet appareil. Réessayez dans une minute.";

    /// <summary>The page a signed-in person may not open.</summary>
    public const string Forbidden = "Cette page est réservée aux superviseures et superviseurs.";

    public const string ForbiddenTitle = "Accès refusé";
    public const string BackToMyPage = "Retour à mon poste";
}
