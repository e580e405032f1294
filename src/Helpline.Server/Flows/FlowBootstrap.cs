using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Server.Hosting;

namespace Helpline.Server.Flows;

/// <summary>
/// Loads the configured flow when the service starts. An invalid flow never starts serving: the service stops with
/// every error printed as file:line:col, one line each, the way <c>validate</c> prints them (an
/// <see cref="InvalidConfigurationException"/>: an operator's file to fix, not a bug, so no stack trace).
/// </summary>
internal static class FlowBootstrap
{
    /// <summary>Loads, validates and compiles the flow at <see cref="HelplineOptions.FlowPath"/>; throws <see cref="InvalidConfigurationException"/> with all errors when invalid or missing.</summary>
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
            throw new InvalidConfigurationException(
                [$"Helpline:FlowPath: the call flow {options.FlowPath} cannot be served; fix these errors (helpline validate lists them too):",
                 .. load.Errors.Select(error => error.ToString().ReplaceLineEndings(" "))]);
        }

        var flow = CompiledFlow.Compile(load);
        logger.LogInformation("Serving call flow {Name} version {Hash} from {Path}", flow.Name, flow.ShortHash, options.FlowPath);
        return flow;
    }
}
