using Microsoft.AspNetCore.Http;

namespace Helpline.Twilio.Security;

/// <summary>
/// The URL a webhook's signature covers: the public base URL the provider was given (behind a reverse proxy the
/// request's own scheme and host are the proxy's, not the public ones) followed by the path and the raw query exactly
/// as received.
/// </summary>
public static class SignedUrl
{
    /// <summary>Builds the URL from a configured base (e.g. <c>https://ecoute.example.fr</c> or <c>https://x.fr/ivr</c>) and the request's path and query.</summary>
    public static string Build(string? publicBaseUrl, string scheme, string host, string pathBase, string path, string queryString)
    {
        var baseUrl = string.IsNullOrWhiteSpace(publicBaseUrl) ? $"{scheme}://{host}{pathBase}" : publicBaseUrl.TrimEnd('/');
        return baseUrl + path + queryString;
    }

    /// <summary>The URL for <paramref name="request"/>.</summary>
    public static string For(HttpRequest request, string? publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Build(publicBaseUrl, request.Scheme, request.Host.Value ?? string.Empty, request.PathBase.ToUriComponent(),
            request.Path.ToUriComponent(), request.QueryString.Value ?? string.Empty);
    }
}
