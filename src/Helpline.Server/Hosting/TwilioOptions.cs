using Helpline.Server.Hosting;
using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Hosting;

/// <summary>The provider account (<c>Helpline:Twilio:*</c>). The auth token signs every webhook, so it is required.</summary>
internal sealed class TwilioOptions
{
    /// <summary>
    /// Account SID (<c>AC</c> and 32 hexadecimal digits), for the REST API that puts queued callers through to the
    /// social workers. Empty: routing to workers is off (callers overflow after the short grace), as in a local run.
    /// </summary>
    [RegularExpression("^(AC[0-9a-fA-F]{32})?$", ErrorMessage = "{0} must be the account SID: AC followed by 32 hexadecimal digits (or empty: routing to workers off)")]
    public string? AccountSid { get; set; }

    /// <summary>Auth token: checks webhook signatures and authenticates REST calls. From environment or user secrets only.</summary>
    [Required(ErrorMessage = "{0} is required (set Helpline__Twilio__AuthToken in the environment)")]
    public string AuthToken { get; set; } = string.Empty;

    /// <summary>REST API base URL; tests point it at a stand-in.</summary>
    [HttpUrl(Expected = "the provider's REST API base URL, https://api.twilio.com unless a stand-in is used")]
    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";
}
