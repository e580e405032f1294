using Helpline.Server.Hosting;
using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Dashboard.SignIn;

/// <summary>
/// Optional sign-in through the département's directory with OpenID Connect (<c>Helpline:Dashboard:Oidc:*</c>). Off
/// while <see cref="Authority"/> is empty. The directory proves who the person is; the dashboard account with the same
/// login (created by a supervisor, the CLI or configuration) says what they may do, and the directory must also grant
/// the matching helpline role — so leaving the département or losing the role in the directory ends access.
/// </summary>
internal sealed class DirectoryOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:Dashboard:Oidc";

    /// <summary>The authentication scheme's name.</summary>
    public const string Scheme = "annuaire";

    /// <summary>The directory's issuer URL (https), e.g. <c>https://annuaire.departement.fr/realms/agents</c>. Empty: off.</summary>
    [HttpUrl(AllowEmpty = true, HttpsOnly = true, Expected = "the directory's https issuer URL, e.g. https://annuaire.departement.fr/realms/agents, or empty (directory sign-in off)")]
    public string? Authority { get; set; }

    /// <summary>This application's client id at the directory.</summary>
    public string? ClientId { get; set; }

    /// <summary>This application's client secret. SECRET: environment only (Helpline__Dashboard__Oidc__ClientSecret).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The claim that carries the login, matched with a dashboard account's login.</summary>
    public string LoginClaim { get; set; } = "preferred_username";

    /// <summary>The claim that carries the directory's roles or groups.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The role value a social worker must have in the directory.</summary>
    public string WorkerRoleValue { get; set; } = "helpline-worker";

    /// <summary>The role value a supervisor must have in the directory.</summary>
    public string SupervisorRoleValue { get; set; } = "helpline-supervisor";

    /// <summary>True when the directory sign-in is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("{0} is required when Helpline:Dashboard:Oidc:Authority is set: this application's client id at the directory", [nameof(ClientId)]);
        }
    }
}
