using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Options;

/// <summary>
/// The service's settings (<c>Helpline:*</c>). Validated at start: a missing secret or path stops the service with
/// a message naming the key, instead of failing on the first call.
/// </summary>
public sealed class HelplineOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline";

    /// <summary>
    /// The public base URL the provider calls (e.g. <c>https://ecoute.departement.fr</c>); signatures are computed on
    /// it. Empty: taken from each request (only right without a reverse proxy).
    /// </summary>
    [Url]
    [MaxLength(Core.Voice.VoiceLimits.MaxPublicBaseUrlLength, ErrorMessage = "Helpline:PublicBaseUrl must have at most 500 characters (every URL handed to the provider must fit in 4,000)")]
    public string? PublicBaseUrl { get; set; }

    /// <summary>Bearer token for <c>/api/...</c>. From environment or user secrets only.</summary>
    [Required(ErrorMessage = "Helpline:AdminToken is required (set Helpline__AdminToken in the environment)")]
    [MinLength(16, ErrorMessage = "Helpline:AdminToken must have at least 16 characters")]
    public string AdminToken { get; set; } = string.Empty;

    /// <summary>The call flow file to serve.</summary>
    [Required(ErrorMessage = "Helpline:FlowPath is required (e.g. callflows/un-premier-pas.yaml)")]
    public string FlowPath { get; set; } = string.Empty;

    /// <summary>Key of the HMAC that turns caller numbers into a hash (repeat-caller counts without storing numbers).</summary>
    [Required(ErrorMessage = "Helpline:CallerHashKey is required (set Helpline__CallerHashKey in the environment)")]
    [MinLength(32, ErrorMessage = "Helpline:CallerHashKey must have at least 32 characters")]
    public string CallerHashKey { get; set; } = string.Empty;

    /// <summary>Store caller numbers in clear in the calls table. Off by default: only an operator's decision turns it on.</summary>
    public bool StoreCallerNumbers { get; set; }

    /// <summary>Numbers that replace a flow destination's default, by the destination's <c>config</c> key (e.g. <c>ChildProtection</c>).</summary>
    public Dictionary<string, string> Destinations { get; set; } = [];

    /// <summary>
    /// How long a webhook may wait for PostgreSQL before it answers from the flow without storing the step (the provider
    /// gives up after 15 s and a caller hears silence long before): a slow database must not make a caller wait.
    /// </summary>
    [Range(100, 10_000, ErrorMessage = "Helpline:StorageBudgetMilliseconds must be between 100 and 10000")]
    public int StorageBudgetMilliseconds { get; set; } = 800;

    /// <summary>The provider's settings.</summary>
    public TwilioOptions Twilio { get; set; } = new();
}
