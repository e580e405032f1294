using Helpline.Server.Hosting;
using Helpline.Server.Observability;
using Helpline.Server.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Helpline.Server.UnitTests.Infrastructure;

/// <summary>
/// The server's start-up checks run in the test process, without starting anything: the services registered as
/// Program registers them, built over a configuration, then <see cref="StartupChecks.CheckHelplineConfiguration"/>.
/// Fast enough for a table of every key; what the process prints is tested by spawning it (StartupTests).
/// </summary>
public static class ConfigurationCheck
{
    /// <summary>Settings a valid test configuration has (test secrets, the default flow); each check adds its own temporary journal folder.</summary>
    public static Dictionary<string, string?> ValidSettings() => new()
    {
        ["ConnectionStrings:Helpline"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x",
        ["Helpline:FlowPath"] = Path.Combine(HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml"),
        ["Helpline:PublicBaseUrl"] = HelplineApp.PublicBaseUrl,
        ["Helpline:AdminToken"] = HelplineApp.AdminToken,
        ["Helpline:CallerHashKey"] = HelplineApp.CallerHashKey,
        ["Helpline:Twilio:AuthToken"] = HelplineApp.AuthToken,
    };

    /// <summary>The problems found with <paramref name="overrides"/> over <see cref="ValidSettings"/> (a null value removes the key); empty when the service would start.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string?> overrides, string environment = "Testing", string? contentRoot = null)
    {
        var journal = Directory.CreateTempSubdirectory("helpline-check-journal-").FullName;
        var settings = ValidSettings();
        settings["Helpline:Journal:Folder"] = journal;
        foreach (var (key, value) in overrides)
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = contentRoot ?? HelplineApp.RepoRoot,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddHelplineOptions();
        builder.AddHelplineStorage();
        builder.AddHelplineFlows();
        builder.AddHelplineVoice();
        builder.AddHelplineDashboard();
        builder.AddHelplineDeployment();
        builder.AddHelplineObservability();
        using var app = builder.Build();
        try
        {
            app.CheckHelplineConfiguration();
            return [];
        }
        catch (InvalidConfigurationException invalid)
        {
            return invalid.Problems;
        }
        finally
        {
            Directory.Delete(journal, recursive: true);
        }
    }

    /// <summary>Same, for a few keys.</summary>
    public static IReadOnlyList<string> Problems(params (string Key, string? Value)[] overrides) =>
        Problems(overrides.ToDictionary(o => o.Key, o => o.Value));
}
