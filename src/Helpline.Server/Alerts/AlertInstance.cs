using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Alerts;

/// <summary>
/// The name this instance records its own alerts under (<c>alert_events.scope</c>): what only it knows — PostgreSQL
/// unreachable from it, its journal, its refused flow — is its own alert, opened and closed by it alone, so it must be
/// unique among the instances of one database and the same after a restart (a restarted instance ends the alerts its
/// previous run left open). <see cref="AlertsOptions.InstanceName"/>, or the machine's name and the port it listens on.
/// </summary>
/// <remarks>Read once the server listens (the port is known then); thread-safe.</remarks>
internal sealed partial class AlertInstance(IServer server, IOptions<AlertsOptions> options)
{
    private string? _name;

    /// <summary>The instance's name.</summary>
    public string Name => _name ??= Resolve();

    private string Resolve()
    {
        if (options.Value.InstanceName is { Length: > 0 } configured)
        {
            return configured.Trim();
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var port = address is null ? null : Port().Match(address) is { Success: true } match ? match.Groups[1].Value : null;
        return port is null ? Environment.MachineName : Environment.MachineName + ":" + port;
    }

    [GeneratedRegex(@":([0-9]{1,5})/?$", RegexOptions.CultureInvariant)]
    private static partial Regex Port();
}
