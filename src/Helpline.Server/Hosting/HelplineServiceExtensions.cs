using Helpline.Core.Flows.Execution;
using Helpline.Data;
using Helpline.Data.Calls;
using Helpline.Data.Flows;
using Helpline.Data.Hours;
using Helpline.Data.Routing;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Helpline.Server.Flows;
using Helpline.Server.Hours;
using Helpline.Server.Security;
using Helpline.Server.Storage;
using Helpline.Server.Voice;
using Microsoft.Extensions.Options;
using Helpline.Server.Agents;
using Helpline.Server.Callers;
using Helpline.Server.Dashboard.Charts;

namespace Helpline.Server.Hosting;

/// <summary>Registers the service's parts: options (validated at start), the flow, the database, the webhook handler.</summary>
public static class HelplineServiceExtensions
{
    /// <summary>Adds everything the helpline needs to <paramref name="builder"/>.</summary>
    public static IHostApplicationBuilder AddHelplineServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddValidatedOptions<HelplineOptions>(HelplineOptions.Section);
        builder.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);
        builder.AddValidatedOptions<RoutingOptions>(RoutingOptions.Section);
        builder.AddValidatedOptions<StatisticsOptions>(StatisticsOptions.Section);
        builder.AddValidatedOptions<StaleCallOptions>(StaleCallOptions.Section);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var registry = new FlowRegistry();
            var options = sp.GetRequiredService<IOptions<HelplineOptions>>().Value;
            var flow = FlowBootstrap.LoadOrThrow(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FlowBootstrap)));
            registry.Publish(flow, sp.GetRequiredService<TimeProvider>().GetUtcNow());
            return registry;
        });

        services.AddSingleton(sp => HelplineDataSource.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
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
        services.AddSingleton<RejectedWebhookLog>();
        services.AddSingleton<AdminTokenFilter>();
        services.AddProblemDetails();
        return builder;
    }
}
