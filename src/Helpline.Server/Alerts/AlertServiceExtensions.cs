using Helpline.Data.Alerts;
using Helpline.Server.Hosting;

namespace Helpline.Server.Alerts;

/// <summary>Registers the supervisors' alerts: their settings (validated at start), the store, the monitor, the board the page reads, and the e-mail.</summary>
internal static class AlertServiceExtensions
{
    /// <summary>Adds the alerts to <paramref name="builder"/>.</summary>
    public static IHostApplicationBuilder AddHelplineAlerts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddValidatedOptions<AlertsOptions>(AlertsOptions.Section);
        services.AddSingleton<AlertStore>();
        services.AddSingleton<AlertBoard>();
        services.AddSingleton<AlertInstance>();
        services.AddSingleton<AlertMailer>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertMailer>());
        services.AddSingleton<AlertMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertMonitor>());
        return builder;
    }
}
