using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using Helpline.Server.Hosting;

namespace Helpline.Server.Observability;

/// <summary>
/// Who may read the service's metrics, and where else they go (<c>Helpline:Metrics:*</c>). The Prometheus endpoint
/// <c>/metrics</c> answers the configured addresses and networks, and any client that sends the configured bearer
/// token; anyone else gets 404, the same answer as when metrics are off (<see cref="MetricsAccess"/>). Nothing set, the
/// default: no endpoint, no OTLP export, no snapshot query.
/// </summary>
internal sealed class MetricsOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:Metrics";

    /// <summary>The path Prometheus scrapes.</summary>
    public const string Path = "/metrics";

    /// <summary>Addresses allowed to scrape <c>/metrics</c> as this service sees them (e.g. Prometheus on <c>127.0.0.1</c>).</summary>
    public List<string> AllowedAddresses { get; set; } = [];

    /// <summary>Networks allowed to scrape <c>/metrics</c>, in CIDR notation (e.g. <c>10.0.5.0/24</c>).</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>A bearer token that lets any address scrape <c>/metrics</c> (<c>Authorization: Bearer …</c>); a secret, from the environment.</summary>
    public string? Token { get; set; }

    /// <summary>An OpenTelemetry collector (OTLP over HTTP/protobuf, e.g. <c>http://127.0.0.1:4318</c>) to push metrics and traces to; empty: none.</summary>
    [HttpUrl(AllowEmpty = true, Expected = "an OpenTelemetry collector's OTLP/HTTP base URL such as http://127.0.0.1:4318, or empty for none")]
    public string? OtlpEndpoint { get; set; }

    /// <summary>Seconds between two readings of the queue and the workers for the gauges (one small query; 1-300).</summary>
    [Range(1, 300, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int SnapshotSeconds { get; set; } = 5;

    /// <summary>True when <c>/metrics</c> is served (someone is allowed to read it).</summary>
    public bool Scraped => AllowedAddresses.Count > 0 || AllowedNetworks.Count > 0 || !string.IsNullOrEmpty(Token);

    /// <summary>True when metrics leave the process one way or the other.</summary>
    public bool Exported => Scraped || !string.IsNullOrEmpty(OtlpEndpoint);

    /// <summary>The allowed addresses; call after validation.</summary>
    public IEnumerable<IPAddress> Addresses() => AllowedAddresses.Select(a => TrustedProxyOptions.ParseAddress(a)!);

    /// <summary>The allowed networks; call after validation.</summary>
    public IEnumerable<IPNetwork> Networks() => AllowedNetworks.Select(n => IPNetwork.Parse(n));

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < AllowedAddresses.Count; i++)
        {
            if (TrustedProxyOptions.ParseAddress(AllowedAddresses[i]) is null)
            {
                yield return new ValidationResult(
                    "{0}:" + i.ToString(CultureInfo.InvariantCulture) + " must be an IP address written in full, such as 127.0.0.1 or ::1: the Prometheus server's address as this service sees it",
                    [nameof(AllowedAddresses)]);
            }
        }

        for (var i = 0; i < AllowedNetworks.Count; i++)
        {
            var index = i.ToString(CultureInfo.InvariantCulture);
            var text = AllowedNetworks[i];
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !IPNetwork.TryParse(text, out var network) || !network.BaseAddress.Equals(TrustedProxyOptions.ParseAddress(text[..slash])))
            {
                yield return new ValidationResult(
                    "{0}:" + index + " must be a network in CIDR notation whose address has no bits past the prefix, such as 10.0.5.0/24 or fd00::/64",
                    [nameof(AllowedNetworks)]);
            }
            else if (network.PrefixLength == 0)
            {
                yield return new ValidationResult(
                    "{0}:" + index + " would let every client read the metrics (prefix /0): list the Prometheus servers' addresses or their narrow network, or use Helpline:Metrics:Token",
                    [nameof(AllowedNetworks)]);
            }
        }

        if (Token is { } token && token.Length > 0 && (token.Length < 16 || string.IsNullOrWhiteSpace(token) || token.Trim().Length != token.Length))
        {
            yield return new ValidationResult(
                "{0} must have at least 16 characters and no spaces around it (set Helpline__Metrics__Token in the environment, a random value), or be empty for no token",
                [nameof(Token)]);
        }
    }
}
