using Helpline.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Agents;

/// <summary>
/// Whether queued callers can be put through to a social worker at all: the dispatcher redirects a caller through the
/// provider's REST API to an absolute URL of ours, so it needs <see cref="HelplineOptions.PublicBaseUrl"/> and the
/// account's SID. Without either, routing is off: nobody can come to a waiting caller (who then overflows after the
/// short grace and is told no estimate), and the start says so.
/// </summary>
internal sealed class RoutingReadiness(IOptions<HelplineOptions> options)
{
    /// <summary>True when the dispatcher can redirect a caller to a worker.</summary>
    public bool CanRoute { get; } = !string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) && !string.IsNullOrWhiteSpace(options.Value.Twilio.AccountSid);

    /// <summary>Why routing is off, for the start-up log; null when it is on.</summary>
    public string? WhyNot => CanRoute ? null
        : string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? "Helpline:PublicBaseUrl is empty (the provider must be handed absolute URLs of ours)"
        : "Helpline:Twilio:AccountSid is empty (the provider's REST API needs the account)";
}
