using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Callers;

/// <summary>
/// Caller policies (<c>Helpline:Callers:*</c>): flags on a caller's keyed hash, the per-caller rate limit, and the
/// saturation mode's keypad challenge (issue "Protect the line from abusers and saturation").
/// </summary>
internal sealed class CallersOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:Callers";

    /// <summary>
    /// More calls than this from one caller (by keyed hash) within an hour: her further calls that hour must pass the
    /// keypad challenge before being queued, and supervisors get a "burst" alert. The 3919 saw coordinated saturation
    /// with a handful of numbers calling again and again (January–February 2026).
    /// </summary>
    [Range(1, 1000, ErrorMessage = "{0} must be between {1} and {2} calls")]
    public int MaxCallsPerHour { get; set; } = 6;

    /// <summary>What a caller over <see cref="MaxCallsPerHour"/> meets: <c>challenge</c> (default) or <c>alert-only</c>.</summary>
    [RegularExpression("^(challenge|alert-only)$", ErrorMessage = "{0} must be challenge or alert-only")]
    public string OverLimit { get; set; } = "challenge";

    /// <summary>A flag's default lifetime, in days.</summary>
    [Range(1, 365, ErrorMessage = "{0} must be between {1} and {2} days")]
    public int DefaultFlagDays { get; set; } = 30;

    /// <summary>The reasons a caller may be flagged for (<c>motifs: [{code, libelle}]</c>); the built-in list when absent.</summary>
    public string? FlagReasonsPath { get; set; } = "config/flag-reasons.yaml";

    /// <summary>The longest a flag may last before it must be set again, in days.</summary>
    [Range(1, 365, ErrorMessage = "{0} must be between {1} and {2} days")]
    public int MaxFlagDays { get; set; } = 90;
}
