using System.Text;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Data.Flows;
using Microsoft.Extensions.Options;
using Helpline.Server.Hosting;

namespace Helpline.Server.Flows;

/// <summary>
/// Finds the flow version a call is running on: in memory when this process loaded it, else from the database copy
/// stored when it was first served (a call that began before a restart or on another instance finishes on its version).
/// </summary>
public sealed partial class FlowVersionResolver(
    FlowRegistry registry, FlowVersionStore store, IOptions<HelplineOptions> options, ILogger<FlowVersionResolver> logger)
{
    /// <summary>The compiled version with this hash, or null when it is unknown or cannot be rebuilt.</summary>
    public async Task<CompiledFlow?> FindAsync(string hash, CancellationToken ct)
    {
        if (registry.Find(hash) is { } known)
        {
            return known;
        }

        try
        {
            var stored = await store.GetAsync(hash, ct);
            if (stored is null)
            {
                return null;
            }

            var directory = Path.GetDirectoryName(Path.GetFullPath(options.Value.FlowPath)) ?? ".";
            var load = FlowLoader.Load(Encoding.UTF8.GetBytes(stored.Content), Path.Combine(directory, Path.GetFileName(stored.SourcePath)), directory,
                new FlowLoadOptions { DestinationNumbers = options.Value.Destinations });
            if (!load.Succeeded)
            {
                LogUnusable(logger, hash);
                return null;
            }

            var flow = CompiledFlow.Compile(load);
            registry.Remember(flow);
            return flow;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            LogUnavailable(logger, ex, hash);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored flow version {Hash} no longer loads; its calls get the emergency message")]
    private static partial void LogUnusable(ILogger logger, string hash);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read flow version {Hash} from the database")]
    private static partial void LogUnavailable(ILogger logger, Exception ex, string hash);
}
