using Helpline.Server.Hosting;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Hosting;

/// <summary>
/// The service's settings (<c>Helpline:*</c>). Validated at start (<see cref="ConfigurationKeyValidator{TOptions}"/>,
/// <see cref="Security.ProductionSecretsValidator"/>): a missing secret or a bad value stops the service with one line
/// naming the key, instead of failing on the first call.
/// </summary>
internal sealed class HelplineOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline";

    /// <summary>
    /// The public base URL the provider calls (e.g. <c>https://ecoute.departement.fr</c>); signatures are computed on
    /// it, and our TwiML's action URLs are built on it. Empty: taken from each request (only right without a reverse
    /// proxy; queued callers then cannot be put through to a worker, since the dispatcher has no request to take it from).
    /// </summary>
    [HttpUrl(AllowEmpty = true, Expected = "the public URL the provider calls, such as https://ecoute.departement.fr (no query), or empty to take it from each request")]
    [MaxLength(Core.Voice.VoiceLimits.MaxPublicBaseUrlLength, ErrorMessage = "Helpline:PublicBaseUrl must have at most 500 characters (every URL handed to the provider must fit in 4,000)")]
    public string? PublicBaseUrl { get; set; }

    /// <summary>Bearer token for <c>/api/...</c>. From environment or user secrets only.</summary>
    [Required(ErrorMessage = "{0} is required (set Helpline__AdminToken in the environment)")]
    [MinLength(16, ErrorMessage = "{0} must have at least {1} characters (set Helpline__AdminToken in the environment)")]
    public string AdminToken { get; set; } = string.Empty;

    /// <summary>The call flow file to serve.</summary>
    [Required(ErrorMessage = "{0} is required: the call flow file to serve, e.g. callflows/un-premier-pas.yaml")]
    public string FlowPath { get; set; } = string.Empty;

    /// <summary>Key of the HMAC that turns caller numbers into a hash (repeat-caller counts without storing numbers).</summary>
    [Required(ErrorMessage = "{0} is required (set Helpline__CallerHashKey in the environment)")]
    [MinLength(32, ErrorMessage = "{0} must have at least {1} characters (set Helpline__CallerHashKey in the environment)")]
    public string CallerHashKey { get; set; } = string.Empty;

    /// <summary>Store caller numbers in clear in the calls table. Off by default: only an operator's decision turns it on.</summary>
    public bool StoreCallerNumbers { get; set; }

    /// <summary>Numbers that replace a flow destination's default, by the destination's <c>config</c> key (e.g. <c>ChildProtection</c>).</summary>
    public Dictionary<string, string> Destinations { get; set; } = [];

    /// <summary>
    /// How long a webhook may wait for PostgreSQL before it answers from the flow without storing the step (the provider
    /// gives up after 15 s and a caller hears silence long before): a slow database must not make a caller wait.
    /// </summary>
    [Range(100, 10_000, ErrorMessage = "{0} must be between {1} and {2} milliseconds")]
    public int StorageBudgetMilliseconds { get; set; } = 800;

    /// <summary>The provider's settings (validated with these: <c>Helpline:Twilio:*</c>).</summary>
    [ValidateObjectMembers]
    public TwilioOptions Twilio { get; set; } = new();
}
