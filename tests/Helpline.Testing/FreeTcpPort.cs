using System.Net;
using System.Net.Sockets;

namespace Helpline.Testing;

/// <summary>
/// A free TCP port on 127.0.0.1 for a server a test starts (Kestrel, PostgreSQL), chosen at random <em>below</em> the
/// kernel's ephemeral range. Binding port 0 would hand out an ephemeral port, which the kernel may give a moment later
/// to any outgoing connection (a test's HTTP client, a database connection) as its source port; on a busy machine the
/// server then fails to bind (seen as a dashboard fixture failing to start while other test runs were busy).
/// </summary>
public static class FreeTcpPort
{
    private const int Lowest = 10_000;

    /// <summary>Returns a port that was free a moment ago and that no outgoing connection will take as its source port.</summary>
    public static int Find()
    {
        var ceiling = EphemeralRangeStart() - 1;
        if (ceiling > Lowest)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(Lowest, ceiling + 1);
                try
                {
                    using var probe = new TcpListener(IPAddress.Loopback, port);
                    probe.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // taken: try another
                }
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux: <c>net.ipv4.ip_local_port_range</c>), or IANA's 49152 elsewhere.</summary>
    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 49_152;
        }
    }
}
