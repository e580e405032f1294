using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Dashboard.Charts;

/// <summary>How the supervisors' figures are defined (<c>Helpline:Statistics:*</c>).</summary>
internal sealed class StatisticsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:Statistics";

    /// <summary>
    /// A queued caller who hangs up within this many seconds of waiting is a <em>short abandon</em>: counted apart and
    /// shown beside the abandon rate (on this line it may be an interrupted victim, so it stays in the service level's
    /// denominator). Seconds; 0 counts none.
    /// </summary>
    [Range(0, 300, ErrorMessage = "{0} must be between {1} (count none) and {2} seconds")]
    public int ShortAbandonSeconds { get; set; } = 10;
}
