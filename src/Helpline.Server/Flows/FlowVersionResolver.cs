using System.Text;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Data;
using Helpline.Data.Flows;
using Helpline.Server.Storage;
using Microsoft.Extensions.Options;
using Helpline.Server.Hosting;

namespace Helpline.Server.Flows;

/// <summary>
/// The one way a step finds the flow version its call runs on, on every route and every instance: in memory when this
/// process loaded it, else from the database copy stored when it was first served (a call that began before a restart
/// or on another instance finishes on its version), within the storage budget.
/// </summary>
internal sealed partial class FlowVersionResolver(
    FlowRegistry registry, FlowVersionStore store, StorageBudget budget, IOptions<HelplineOptions> options, ILogger<FlowVersionResolver> logger)
{
    /// <summary>The compiled version with this hash, or null when it is unknown, cannot be rebuilt, or the database cannot say.</summary>
    public async Task<CompiledFlow?> FindAsync(string hash)
    {
        if (registry.Find(hash) is { } known)
        {
            return known;
        }

        using var within = budget.Start();
        try
        {
            var stored = await store.GetAsync(hash, within.Token);
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
        catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
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
