using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Alerts;

/// <summary>
/// The supervisors' alerts (<c>Helpline:Alerts:*</c>): how often they are judged, the threshold of each, the name this
/// instance gives its own alerts, and the optional e-mail. A line with four workers cannot wait for someone to glance
/// at the page: the thresholds say when a fact needs a supervisor now. The burst alert's threshold is the rate limit's,
/// <c>Helpline:Callers:MaxCallsPerHour</c>, so the alert and the keypad challenge agree.
/// </summary>
internal sealed class AlertsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:Alerts";

    /// <summary>Seconds between two judgements of every alert (on the service's clock).</summary>
    [Range(1, 60, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int EvaluateSeconds { get; set; } = 5;

    /// <summary>The line is open and nobody has been logged in for this long (counted from the opening at the earliest).</summary>
    [Range(1, 240, ErrorMessage = "{0} must be between {1} and {2} minutes")]
    public int NobodyLoggedInMinutes { get; set; } = 5;

    /// <summary>The caller waiting longest (not yet with a worker) has waited more than this.</summary>
    [Range(10, 7200, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int OldestWaitSeconds { get; set; } = 300;

    /// <summary>More than this share of the callers who left the queue in the last hour hung up before a worker was with them.</summary>
    [Range(0.01, 0.99, ErrorMessage = "{0} must be a share between {1} and {2} (0.3 for 30 %)")]
    public double AbandonRate { get; set; } = 0.3;

    /// <summary>The abandon rate is judged only over at least this many callers who left the queue in the hour: one hang-up out of one is not 100 %.</summary>
    [Range(1, 1000, ErrorMessage = "{0} must be between {1} and {2} callers")]
    public int AbandonMinimumCallers { get; set; } = 5;

    /// <summary>
    /// The name of this instance on its own alerts (PostgreSQL unreachable from it, its journal, its refused flow),
    /// unique among the instances of one database and kept across restarts. Empty: the machine's name and the port it
    /// listens on (<c>ecoute-1:5081</c>).
    /// </summary>
    [MaxLength(100, ErrorMessage = "{0} must have at most {1} characters")]
    public string? InstanceName { get; set; }

    /// <summary>E-mail for each alert's start and end (off while <see cref="AlertMailOptions.Host"/> is empty).</summary>
    [ValidateObjectMembers]
    public AlertMailOptions Smtp { get; set; } = new();
}
