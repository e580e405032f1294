using Helpline.Core.Flows.Execution;
using Helpline.Data;
using Helpline.Data.Calls;
using Helpline.Data.Flows;
using Helpline.Data.Hours;
using Helpline.Data.Routing;
using Helpline.Server.Routing;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Helpline.Server.Calls;
using Helpline.Server.Flows;
using Helpline.Server.Hours;
using Helpline.Server.Options;
using Helpline.Server.Privacy;
using Helpline.Server.Security;
using Helpline.Server.Storage;
using Helpline.Server.Voice;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Extensions;

/// <summary>Registers the service's parts: options (validated at start), the flow, the database, the webhook handler.</summary>
public static class HelplineServiceExtensions
{
    /// <summary>Adds everything the helpline needs to <paramref name="builder"/>.</summary>
    public static IHostApplicationBuilder AddHelplineServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<HelplineOptions>()
            .Bind(builder.Configuration.GetSection(HelplineOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Twilio is not null && !string.IsNullOrWhiteSpace(o.Twilio.AuthToken),
                "Helpline:Twilio:AuthToken is required (set Helpline__Twilio__AuthToken in the environment)")
            .ValidateOnStart();

        services.AddOptions<RoutingOptions>()
            .Bind(builder.Configuration.GetSection(RoutingOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Workers.All(w => System.Text.RegularExpressions.Regex.IsMatch(w.Phone, @"^\+[1-9][0-9]{7,14}$") && w.Name.Length > 0),
                "Helpline:Routing:Workers: every worker needs a Name and a Phone in E.164 (e.g. +33612345678)")
            .ValidateOnStart();

        services.AddOptions<StatisticsOptions>()
            .Bind(builder.Configuration.GetSection(StatisticsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<StaleCallOptions>()
            .Bind(builder.Configuration.GetSection(StaleCallOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var registry = new FlowRegistry();
            var options = sp.GetRequiredService<IOptions<HelplineOptions>>().Value;
            var flow = FlowBootstrap.LoadOrThrow(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FlowBootstrap)));
            registry.Publish(flow, sp.GetRequiredService<TimeProvider>().GetUtcNow());
            return registry;
        });

        var connectionString = builder.Configuration.GetConnectionString("Helpline");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("ConnectionStrings:Helpline is required (set ConnectionStrings__Helpline in the environment; ops/run does it for a local database)");
        }

        services.AddSingleton(_ => HelplineDataSource.Create(connectionString));
        services.AddSingleton<CallStore>();
        services.AddSingleton<FlowVersionStore>();
        services.AddSingleton<HoursOverrideStore>();
        services.AddSingleton<IAssignmentPolicy>(sp => sp.GetRequiredService<IOptions<RoutingOptions>>().Value.Policy == "fewest-calls"
            ? new FewestCallsPolicy()
            : new LongestIdlePolicy());
        services.AddSingleton<RoutingStore>();

        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        services.AddSingleton<HoursOverrideService>();
        services.AddHostedService<HoursOverrideRefresher>();

        services.AddSingleton<CallerHasher>();
        services.AddSingleton<FlowVersionResolver>();
        services.AddSingleton<FlowReloadStatus>();
        services.AddSingleton<FlowReloader>();
        services.AddHostedService(sp => sp.GetRequiredService<FlowReloader>());
        services.AddSingleton<TwimlRenderer>();
        services.AddSingleton<VoiceWebhookHandler>();
        services.AddSingleton<AgentWebhookHandler>();
        services.AddSingleton<RestClientFactory>();
        services.AddSingleton<Dispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());
        services.AddSingleton<StaleCallSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<StaleCallSweeper>());
        services.AddHttpClient(RestClientFactory.ClientName, (sp, http) =>
            {
                http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<HelplineOptions>>().Value.Twilio.ApiBaseUrl.TrimEnd('/') + "/");
                http.Timeout = TimeSpan.FromSeconds(30);
            })
            .AddResilienceHandler("twilio-rest", pipeline =>
            {
                // Transport retries use real time on purpose: they are about the network, not about the helpline's hours.
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddTimeout(TimeSpan.FromSeconds(20));
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 3,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(4));
            });
        services.AddSingleton<TwilioSignatureFilter>();
        services.AddSingleton<AdminTokenFilter>();
        services.AddProblemDetails();
        return builder;
    }

    /// <summary>Loads the flow now so an invalid flow stops the service at start, not at the first call.</summary>
    public static WebApplication UseHelplineFlow(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = app.Services.GetRequiredService<FlowRegistry>();
        return app;
    }
}
