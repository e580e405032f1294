using Helpline.Server.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Helpline.Server.Observability;

/// <summary>
/// Metrics and traces (<c>Helpline:Metrics:*</c>, <see cref="MetricsOptions"/>). The service always counts
/// (<see cref="HelplineMetrics"/>, <see cref="HelplineGauges"/>); OpenTelemetry's SDK is added only when something
/// reads the counts: the Prometheus endpoint <c>/metrics</c> (allowed addresses or a token), and/or an OTLP collector,
/// which also receives the traces of ASP.NET Core requests and Npgsql commands. Nothing configured, the default: no SDK,
/// no endpoint, no snapshot query.
/// </summary>
internal static class ObservabilityHosting
{
    /// <summary>ASP.NET Core's own meter: <c>http.server.request.duration</c> by <c>http.route</c> (the route template, never the raw path).</summary>
    public const string AspNetCoreMeter = "Microsoft.AspNetCore.Hosting";

    /// <summary>Adds the metrics, their settings (validated at start with every other) and the exporters configured.</summary>
    public static IHostApplicationBuilder AddHelplineObservability(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddValidatedOptions<MetricsOptions>(MetricsOptions.Section);
        services.AddSingleton<HelplineMetrics>();
        services.AddSingleton<HelplineGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<HelplineGauges>());

        // Read here to decide what to add; a bad value is left to the start-up checks, which name its key.
        var settings = new MetricsOptions();
        ConfigurationConversion.Bind(builder.Configuration.GetSection(MetricsOptions.Section), settings);
        var otlp = Uri.TryCreate(settings.OtlpEndpoint, UriKind.Absolute, out var collector) && collector.Scheme is "http" or "https" ? collector : null;
        if (!settings.Scraped && otlp is null)
        {
            return builder;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("helpline", serviceVersion: typeof(ObservabilityHosting).Assembly.GetName().Version?.ToString()));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(HelplineMetrics.MeterName, AspNetCoreMeter);
            if (settings.Scraped)
            {
                metrics.AddPrometheusExporter();
            }

            if (otlp is not null)
            {
                metrics.AddOtlpExporter(exporter => Point(exporter, otlp, "v1/metrics"));
            }
        });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspnet =>
                {
                    aspnet.Filter = context => !context.Request.Path.StartsWithSegments(MetricsOptions.Path, StringComparison.Ordinal);
                    // Our step URLs' queries carry positions, and the worker's leg the worker's phone: never in a span.
                    aspnet.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                })
                .AddNpgsql()
                .AddOtlpExporter(exporter => Point(exporter, otlp, "v1/traces")));
        }

        return builder;
    }

    /// <summary>Maps <c>/metrics</c> behind <see cref="MetricsAccess"/> when someone may read it; otherwise nothing is mapped (404).</summary>
    public static WebApplication MapHelplineMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Scraped)
        {
            app.MapPrometheusScrapingEndpoint(MetricsOptions.Path, meterProvider: null, configureBranchedPipeline: branch => branch.UseMiddleware<MetricsAccess>(), optionsName: null);
        }

        return app;
    }

    private static void Point(OtlpExporterOptions exporter, Uri collector, string signal)
    {
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(collector.AbsoluteUri.TrimEnd('/') + "/" + signal);
    }
}
