using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Server.Options;

namespace Helpline.Server.Flows;

/// <summary>
/// Loads the configured flow when the service starts. An invalid flow never starts serving: the service stops with
/// every error printed as file:line:col, the way <c>validate</c> prints them.
/// </summary>
public static class FlowBootstrap
{
    /// <summary>Loads, validates and compiles the flow at <see cref="HelplineOptions.FlowPath"/>; throws with all errors when invalid.</summary>
    public static CompiledFlow LoadOrThrow(HelplineOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var load = FlowLoader.LoadFile(options.FlowPath, new FlowLoadOptions { DestinationNumbers = options.Destinations });
        foreach (var warning in load.Diagnostics.Where(d => !d.IsError))
        {
            logger.LogWarning("{Diagnostic}", warning.ToString());
        }

        if (!load.Succeeded)
        {
            throw new InvalidOperationException(
                $"The call flow {options.FlowPath} is invalid and will not be served:{Environment.NewLine}{string.Join(Environment.NewLine, load.Errors)}");
        }

        var flow = CompiledFlow.Compile(load);
        logger.LogInformation("Serving call flow {Name} version {Hash} from {Path}", flow.Name, flow.ShortHash, options.FlowPath);
        return flow;
    }
}
