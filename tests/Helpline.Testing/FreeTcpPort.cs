using System.Net;
using System.Net.Sockets;

namespace Helpline.Testing;

/// <summary>A free TCP port on 127.0.0.1, found by binding port 0.</summary>
public static class FreeTcpPort
{
    /// <summary>Returns a port that was free a moment ago.</summary>
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
