using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Storage;

/// <summary>
/// The stale-call sweeper (<c>Helpline:StaleCalls:*</c>): how a call row whose status callback never came (lost, or sent
/// to an instance that was killed) still gets closed.
/// </summary>
internal sealed class StaleCallOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:StaleCalls";

    /// <summary>Off only where another mechanism closes calls (or in tests of something else); on by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Minutes between sweeps.</summary>
    [Range(1, 1440, ErrorMessage = "{0} must be between {1} and {2} minutes")]
    public int SweepMinutes { get; set; } = 5;

    /// <summary>An open call with no webhook for this many minutes is looked up at the provider.</summary>
    [Range(1, 1440, ErrorMessage = "{0} must be between {1} and {2} minutes")]
    public int QuietMinutes { get; set; } = 15;

    /// <summary>
    /// An open call older than this is closed as <c>stale</c> even if the provider cannot be asked (a voice call cannot last
    /// longer: the provider ends calls after 4 hours by default, 24 at most).
    /// </summary>
    [Range(1, 48, ErrorMessage = "{0} must be between {1} and {2} hours")]
    public int MaxCallHours { get; set; } = 24;
}
