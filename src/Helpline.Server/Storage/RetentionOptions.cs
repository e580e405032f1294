using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Storage;

/// <summary>
/// How long call rows are kept (<c>Helpline:Retention:*</c>): calls are personal data of people at risk, kept no longer
/// than the département decides; their statistics are kept without them.
/// </summary>
internal sealed class RetentionOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:Retention";

    /// <summary>Days a call is kept after it started; 0 keeps calls for ever (the job then does nothing).</summary>
    [Range(0, 36500, ErrorMessage = "{0} must be between {1} (keep calls for ever) and {2} days")]
    public int Days { get; set; } = 365;

    /// <summary>Time zone whose calendar days the statistics use (the line's).</summary>
    [Required(ErrorMessage = "{0} is required: an IANA time zone, e.g. Europe/Paris")]
    public string TimeZone { get; set; } = "Europe/Paris";
}
