using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Helpline.Load;

/// <summary>
/// Where a scenario sends its requests: <paramref name="BaseUrl"/> (an instance, a floor, or the reverse proxy in front
/// of them) and the URL the provider would have signed (<paramref name="SignedBaseUrl"/>: the public URL behind a proxy,
/// which an instance reached directly checks too). <paramref name="Upstream"/>, when set, is sent as
/// <c>X-Load-Upstream</c>: ops/load-test's nginx picks the upstream group with it (one instance, two, or the floors).
/// <paramref name="TrustedCertificate"/> is the proxy's self-signed certificate, trusted for this run only.
/// </summary>
internal sealed record Target(string BaseUrl, string SignedBaseUrl, string? Upstream = null, X509Certificate2? TrustedCertificate = null)
{
    /// <summary>A target reached directly over http, signed for the URL it is reached at.</summary>
    public static Target Direct(string baseUrl) => new(baseUrl, baseUrl);

    /// <summary>A request to <paramref name="pathAndQuery"/> on this target, with its routing header.</summary>
    public HttpRequestMessage Post(string pathAndQuery, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, BaseUrl + pathAndQuery) { Content = content };
        if (Upstream is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Load-Upstream", Upstream);
        }

        return request;
    }

    /// <summary>A connection pool for <paramref name="connections"/> workers that trusts this target's certificate.</summary>
    public SocketsHttpHandler Handler(int connections)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        if (TrustedCertificate is { } trusted)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None || (certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString()),
            };
        }

        return handler;
    }
}
