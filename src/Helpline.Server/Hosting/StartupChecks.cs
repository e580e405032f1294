using Helpline.Core.Flows.Execution;
using Helpline.Server.Dashboard;
using Microsoft.Extensions.Options;
using Helpline.Server.Dashboard.Orientations;
using Helpline.Server.Storage;

namespace Helpline.Server.Hosting;

/// <summary>
/// Everything the configuration decides that can be checked before the service listens, in one place and all at once:
/// every setting (each options class, its nested objects and list items, secrets in Production), the listen addresses,
/// then — once the settings are right, since they name them — the call flow, the orientation categories and the
/// journal folder. Any problem stops the start with one line per problem (<see cref="InvalidConfigurationException"/>),
/// before a background service or the server has started; a bug still throws as itself.
/// </summary>
internal static partial class StartupChecks
{
    /// <summary>Runs the checks; throws <see cref="InvalidConfigurationException"/> listing every problem found; logs the public base URL in use.</summary>
    public static WebApplication CheckHelplineConfiguration(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var problems = new List<string>();
        Collect(problems, () => app.Services.GetRequiredService<IStartupValidator>().Validate());
        problems.AddRange(ListenAddresses.Problems(app.Configuration));
        problems.AddRange(LogFormat.Problems(app.Configuration));
        if (problems.Count == 0)
        {
            Collect(problems, () => app.Services.GetRequiredService<FlowRegistry>());
            Collect(problems, () => app.Services.GetRequiredService<OrientationCatalog>());
            Collect(problems, () => app.Services.GetRequiredService<CallJournal>());
        }

        if (problems.Count > 0)
        {
            throw new InvalidConfigurationException(problems);
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(StartupFailure.Category);
        if (app.Services.GetRequiredService<IOptions<HelplineOptions>>().Value.PublicBaseUrl is { Length: > 0 } publicBaseUrl)
        {
            LogPublicBaseUrl(logger, publicBaseUrl);
        }
        else
        {
            LogUrlFromEachRequest(logger);
        }

        return app;
    }

    private static void Collect(List<string> problems, Action check)
    {
        try
        {
            check();
        }
        catch (Exception ex) when (StartupFailure.ConfigurationProblems(ex) is { } found)
        {
            problems.AddRange(found);
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Webhook signatures are checked against {PublicBaseUrl} followed by each request's path and query (Helpline:PublicBaseUrl)")]
    private static partial void LogPublicBaseUrl(ILogger logger, string publicBaseUrl);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information,
        Message = "Helpline:PublicBaseUrl is empty: the public URL is taken from each request (its scheme and Host header), which is right only without a reverse proxy; queued callers cannot be put through to a worker until it is set")]
    private static partial void LogUrlFromEachRequest(ILogger logger);
}
