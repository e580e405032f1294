using Helpline.Server.Agents;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Security;

/// <summary>
/// Refuses to start in Production with <see cref="RoutingOptions.ShowCallerNumberToWorkers"/> on: victims' numbers
/// would be kept in the call logs of the workers' phones. Other environments may turn it on for a test bench.
/// </summary>
internal sealed class WorkerPrivacyValidator(IHostEnvironment environment) : IValidateOptions<RoutingOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return environment.IsProduction() && options.ShowCallerNumberToWorkers
            ? ValidateOptionsResult.Fail(
                "Helpline:Routing:ShowCallerNumberToWorkers is refused in Production: the workers' phones would keep victims' numbers in their call logs (remove the key; they show the helpline's number)")
            : ValidateOptionsResult.Success;
    }
}
