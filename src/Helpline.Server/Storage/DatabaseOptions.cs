using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Helpline.Server.Storage;

/// <summary>
/// The PostgreSQL connection string (<c>ConnectionStrings:Helpline</c>), bound and validated like every other setting,
/// so a missing or malformed one is reported at start with the others instead of stopping the service alone.
/// </summary>
internal sealed class DatabaseOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "ConnectionStrings";

    /// <summary>The Npgsql connection string. SECRET when it carries a password: from the environment (<c>ConnectionStrings__Helpline</c>).</summary>
    [ConfigurationKeyName("Helpline")]
    [Required(ErrorMessage = "{0} is required: a PostgreSQL connection string, Host=…;Port=…;Database=…;Username=…;Password=… (set ConnectionStrings__Helpline in the environment; ops/run does it for a local database)")]
    public string ConnectionString { get; set; } = string.Empty;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield break;
        }

        string? problem = null;
        try
        {
            _ = new NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException ex)
        {
            // Npgsql's messages name the keyword or the position, never a value (a password must not reach the logs).
            problem = ex.Message.ReplaceLineEndings(" ");
        }

        if (problem is not null)
        {
            yield return new ValidationResult(
                "{0} is not a valid PostgreSQL connection string (" + problem.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal)
                + "): expected Host=…;Port=…;Database=…;Username=…;Password=…",
                [nameof(ConnectionString)]);
        }
    }
}
