using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Helpline.Twilio.Security;

/// <summary>
/// Checks the provider's <c>X-Twilio-Signature</c>: base64 HMAC-SHA1, keyed with the account's auth token, over the full
/// URL the provider requested followed by every POST parameter (name then value) sorted by name in ordinal order.
/// Repeated parameters contribute each distinct value, sorted. Because the provider is not consistent about ports, the
/// URL is tried as given, without its port and with the default port added. Comparison is constant-time.
/// </summary>
/// <remarks>Thread-safe. Never throws for bad input: anything that is not a valid signature is simply invalid.</remarks>
public sealed class RequestValidator
{
    private readonly byte[]? _key;

    /// <summary>Creates a validator for one auth token.</summary>
    public RequestValidator(string authToken) => _key = string.IsNullOrEmpty(authToken) ? null : Encoding.UTF8.GetBytes(authToken);

    /// <summary>True when <paramref name="signature"/> signs <paramref name="url"/> with these form parameters.</summary>
    public bool Validate(string? url, IEnumerable<KeyValuePair<string, StringValues>>? formParameters, string? signature)
    {
        if (_key is null || string.IsNullOrEmpty(url) || string.IsNullOrEmpty(signature) || !TryDecode(signature, out var expected))
        {
            return false;
        }

        var parameters = Canonical(formParameters ?? []);
        foreach (var candidate in UrlVariants(url))
        {
            if (CryptographicOperations.FixedTimeEquals(Hash(_key, candidate + parameters), expected))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The non-form variant: the URL carries <c>bodySHA256</c> (hex SHA-256 of the raw body), the signature covers the URL
    /// alone, and the body must match the hash.
    /// </summary>
    public bool ValidateWithBody(string? url, string? body, string? signature)
    {
        if (url is null || body is null)
        {
            return false;
        }

        var hash = BodyHash(url);
        return hash is not null
            && Validate(url, null, signature)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))), Encoding.ASCII.GetBytes(hash.ToLowerInvariant()));
    }

    /// <summary>The signature the provider would send for this request (for our tests and load tools: signatures are computed, never pasted).</summary>
    public static string ComputeSignature(string authToken, string url, IEnumerable<KeyValuePair<string, StringValues>>? formParameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        ArgumentNullException.ThrowIfNull(url);
        return Convert.ToBase64String(Hash(Encoding.UTF8.GetBytes(authToken), url + Canonical(formParameters ?? [])));
    }

#pragma warning disable CA5350 // HMAC-SHA1 is what the provider signs with; we verify, we do not choose.
    private static byte[] Hash(byte[] key, string data) => HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(data));
#pragma warning restore CA5350

    private static bool TryDecode(string signature, out byte[] bytes)
    {
        bytes = new byte[20];
        return Convert.TryFromBase64String(signature.Trim(), bytes, out var written) && written == 20;
    }

    /// <summary>Parameters sorted by name (ordinal), each distinct value of a name sorted, appended as name+value.</summary>
    private static string Canonical(IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var builder = new StringBuilder();
        foreach (var group in parameters.GroupBy(p => p.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var values = group.SelectMany(p => p.Value.Count == 0 ? [string.Empty] : p.Value.Select(v => v ?? string.Empty))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal);
            foreach (var value in values)
            {
                builder.Append(group.Key).Append(value);
            }
        }

        return builder.ToString();
    }

    /// <summary>The URL as given, then without its port, then with the scheme's default port — never touching the query.</summary>
    private static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            yield break;
        }

        var scheme = url[..schemeEnd];
        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var authority = url[authorityStart..authorityEnd];
        var hostStart = authority.LastIndexOf('@') + 1;
        var portColon = authority.LastIndexOf(':');
        var hasPort = portColon > hostStart && !authority[portColon..].Contains(']', StringComparison.Ordinal);
        var host = hasPort ? authority[..portColon] : authority;
        var rest = url[authorityEnd..];
        var prefix = url[..authorityStart];
        if (hasPort)
        {
            yield return prefix + host + rest;
        }

        var defaultPort = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? "443" : "80";
        var withDefault = prefix + host + ":" + defaultPort + rest;
        if (withDefault != url)
        {
            yield return withDefault;
        }
    }

    private static string? BodyHash(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return null;
        }

        foreach (var pair in url[(query + 1)..].Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq] == "bodySHA256")
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return null;
    }
}
