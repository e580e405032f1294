using System.Globalization;
using System.Net;

namespace Helpline.Server.Hosting;

/// <summary>
/// Checks the listen addresses (<c>ASPNETCORE_URLS</c>, or <c>--urls</c>) before Kestrel sees them. Kestrel stops with a
/// stack trace on some mistakes (<c>not-a-url</c>) and, worse, quietly listens on every interface, port 80, on others
/// (<c>http://127.0.0.1:abc</c> is read as a host name): each is one line here, naming the address.
/// </summary>
internal static class ListenAddresses
{
    /// <summary>The configuration key Kestrel reads them from (<c>ASPNETCORE_URLS</c> and <c>--urls</c> both land there).</summary>
    public const string Key = "urls";

    /// <summary>One line per address Kestrel would refuse or misread; none when the key is not set or empty (Kestrel's default).</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var urls = configuration[Key];
        if (string.IsNullOrEmpty(urls))
        {
            return problems;
        }

        // Not trimmed: Kestrel does not trim either, and refuses " http://…".
        var addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries);
        foreach (var address in addresses)
        {
            if (Problem(address) is { } problem)
            {
                problems.Add($"ASPNETCORE_URLS: '{address}' {problem}: expected http://host:port or https://host:port (host: an IP address, [an IPv6 address], localhost, a name or *), e.g. http://127.0.0.1:5080, several separated by ';'");
            }
        }

        return problems;
    }

    private static string? Problem(string address)
    {
        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return "is not a listen address";
        }

        if (!string.Equals(parsed.Scheme, "http", StringComparison.OrdinalIgnoreCase) && !string.Equals(parsed.Scheme, "https", StringComparison.OrdinalIgnoreCase))
        {
            return "must start with http:// or https://";
        }

        if (parsed.IsUnixPipe || parsed.IsNamedPipe)
        {
            return null;
        }

        if (parsed.PathBase.Length > 0)
        {
            return "must not have a path";
        }

        // Kestrel binds any host that is not an IP address or localhost to every interface. A name is taken as meant so
        // (Kestrel's documented behaviour), but not what only looks like an address: "127.0.0.1:abc" (a host name with
        // the default port), "127.0.0.1." (a trailing dot), "[::1" (an unbalanced bracket).
        var host = parsed.Host;
        var known = host is "*" or "+" || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (host.StartsWith('[') && host.EndsWith(']') && host.Length > 2 && IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            || (IPAddress.TryParse(host, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && host.Count(c => c == '.') == 3)
            || (!host.EndsWith('.') && host.Any(char.IsAsciiLetter) && !host.Contains('[', StringComparison.Ordinal) && Uri.CheckHostName(host) == UriHostNameType.Dns);
        if (!known)
        {
            return "has no valid host and port";
        }

        return parsed.Port is < 0 or > 65535
            ? "has a port outside 0-" + 65535.ToString(CultureInfo.InvariantCulture)
            : null;
    }
}
