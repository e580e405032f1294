using Helpline.Twilio.Rest;
using Microsoft.Extensions.Options;
using Helpline.Server.Hosting;

namespace Helpline.Server.Agents;

/// <summary>Creates REST clients on the named, resilient HttpClient (retries with backoff on 5xx and timeouts).</summary>
internal sealed class RestClientFactory(IHttpClientFactory http, IOptions<HelplineOptions> options)
{
    /// <summary>The named HttpClient.</summary>
    public const string ClientName = "twilio-rest";

    /// <summary>A client for one dispatch round.</summary>
    public TwilioRestClient Create() =>
        new(http.CreateClient(ClientName), options.Value.Twilio.AccountSid ?? string.Empty, options.Value.Twilio.AuthToken);
}
