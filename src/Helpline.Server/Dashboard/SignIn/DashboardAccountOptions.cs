using System.ComponentModel.DataAnnotations;
using Helpline.Data.Accounts;

namespace Helpline.Server.Dashboard.SignIn;

/// <summary>An account to create at first start (<c>Helpline:Dashboard:Accounts:N</c>); the password comes from the environment.</summary>
public sealed class DashboardAccountOptions : IValidatableObject
{
    /// <summary>The login typed on the sign-in page.</summary>
    [Required(ErrorMessage = "{0} is required: the login typed on the sign-in page")]
    [StringLength(100, ErrorMessage = "{0} must have at most {1} characters")]
    public string Login { get; set; } = string.Empty;

    /// <summary>The initial password (SECRET: <c>Helpline__Dashboard__Accounts__N__Password</c>). At least 10 characters.</summary>
    [Required(ErrorMessage = "{0} is required: a secret of at least 10 characters, set in the environment (':' written '__')")]
    [MinLength(10, ErrorMessage = "{0} must have at least {1} characters (a secret: set it in the environment, ':' written '__')")]
    public string Password { get; set; } = string.Empty;

    /// <summary><c>worker</c> or <c>supervisor</c>.</summary>
    [RegularExpression("^(worker|supervisor)$", ErrorMessage = "{0} must be worker or supervisor")]
    public string Role { get; set; } = "worker";

    /// <summary>For a worker: the name of their row in <c>Helpline:Routing:Workers</c>.</summary>
    public string? Worker { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Role == AccountRoles.Worker && string.IsNullOrWhiteSpace(Worker))
        {
            yield return new ValidationResult("{0} is required for a worker account: the name of one of Helpline:Routing:Workers", [nameof(Worker)]);
        }
    }
}
