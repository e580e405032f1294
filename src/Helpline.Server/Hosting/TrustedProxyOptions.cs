using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Helpline.Server.Hosting;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> headers are
/// believed (<c>Helpline:ForwardedHeaders:*</c>). From any other address those headers are ignored: a client that
/// reaches an instance directly cannot pretend to be the public HTTPS URL (which would let a replayed signature pass
/// when <c>Helpline:PublicBaseUrl</c> is empty) or another client (the sign-in throttle counts by client address).
/// Empty lists, the default, trust nobody.
/// </summary>
internal sealed class TrustedProxyOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:ForwardedHeaders";

    /// <summary>Addresses of the reverse proxies as this service sees them (e.g. <c>10.0.0.2</c>, <c>::1</c>).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of reverse proxies in CIDR notation (e.g. <c>10.0.0.0/29</c>); each must be narrower than every address.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>The proxies' addresses; call after validation.</summary>
    public IEnumerable<IPAddress> Proxies() => KnownProxies.Select(p => ParseAddress(p)!);

    /// <summary>The proxies' networks; call after validation.</summary>
    public IEnumerable<IPNetwork> Networks() => KnownNetworks.Select(n => IPNetwork.Parse(n));

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (ParseAddress(KnownProxies[i]) is null)
            {
                yield return new ValidationResult(
                    "{0}:" + i.ToString(CultureInfo.InvariantCulture) + " must be an IP address written in full, such as 10.0.0.2 or ::1: the reverse proxy's address as this service sees it",
                    [nameof(KnownProxies)]);
            }
        }

        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            var index = i.ToString(CultureInfo.InvariantCulture);
            var text = KnownNetworks[i];
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !IPNetwork.TryParse(text, out var network) || !network.BaseAddress.Equals(ParseAddress(text[..slash])))
            {
                yield return new ValidationResult(
                    "{0}:" + index + " must be a network in CIDR notation whose address has no bits past the prefix, such as 10.0.0.0/29 or fd00::/64",
                    [nameof(KnownNetworks)]);
            }
            else if (network.PrefixLength == 0)
            {
                yield return new ValidationResult(
                    "{0}:" + index + " would trust every client's forwarded headers (prefix /0): list the reverse proxies' addresses or their narrow network",
                    [nameof(KnownNetworks)]);
            }
        }
    }

    /// <summary>An address written in full (IPv4 dotted quad or IPv6), or null: <c>IPAddress.TryParse</c> alone reads "1" as 0.0.0.1 and "127.1" as 127.0.0.1.</summary>
    internal static IPAddress? ParseAddress(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length != text.Length || !IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 || text.Split('.').Length == 4 ? address : null;
    }
}
