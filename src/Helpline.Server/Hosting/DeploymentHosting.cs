using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Hosting;

/// <summary>
/// What running as a département's server needs from the host: systemd's service manager told when the service is
/// ready and stopping (<c>Type=notify</c> in <c>ops/deploy/helpline@.service</c>; nothing changes outside systemd), and
/// forwarded headers believed from the configured reverse proxies only (<see cref="TrustedProxyOptions"/>).
/// </summary>
internal static partial class DeploymentHosting
{
    /// <summary>Adds systemd integration and the trusted proxies' settings (validated at start with every other setting).</summary>
    public static IHostApplicationBuilder AddHelplineDeployment(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Type=notify: READY=1 once Kestrel listens, STOPPING=1 on SIGTERM; logs in journald's format. A no-op unless systemd started us.
        builder.Services.AddSystemd();
        builder.KeepConfiguredLogFormat(); // Logging:Console:FormatterName=json is kept under systemd too
        builder.AddValidatedOptions<TrustedProxyOptions>(TrustedProxyOptions.Section);
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // ASP.NET Core trusts loopback by default; on a machine where a proxy and other local programs live side by
            // side that is too much: only the configured addresses count.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            // The proxy's own entry (the last one) is the client; anything a client wrote before it is not believed.
            forwarded.ForwardLimit = 1;
            TrustedProxyOptions value;
            try
            {
                value = trusted.Value;
            }
            catch (OptionsValidationException)
            {
                return; // reported by the start-up checks with every other problem, before anything listens
            }

            foreach (var proxy in value.Proxies())
            {
                forwarded.KnownProxies.Add(proxy);
            }

            foreach (var network in value.Networks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    /// <summary>
    /// Applies forwarded headers from trusted proxies (first in the pipeline, so every later part sees the client's
    /// scheme, host and address) and logs which proxies are trusted.
    /// </summary>
    public static WebApplication UseHelplineForwardedHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var trusted = app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(StartupFailure.Category);
        var sources = trusted.KnownProxies.Concat(trusted.KnownNetworks).ToList();
        if (sources.Count == 0)
        {
            LogNoProxy(logger);
        }
        else
        {
            LogProxies(logger, string.Join(", ", sources));
        }

        app.UseForwardedHeaders();
        return app;
    }

    [LoggerMessage(EventId = 5, Level = LogLevel.Information,
        Message = "X-Forwarded-For, -Proto and -Host are ignored: no trusted reverse proxy is configured (Helpline:ForwardedHeaders:KnownProxies / KnownNetworks)")]
    private static partial void LogNoProxy(ILogger logger);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information,
        Message = "X-Forwarded-For, -Proto and -Host are believed from {Proxies} only (Helpline:ForwardedHeaders); from any other address they are ignored")]
    private static partial void LogProxies(ILogger logger, string proxies);
}
