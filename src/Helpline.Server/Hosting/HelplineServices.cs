using Helpline.Core.Flows.Execution;
using Helpline.Data;
using Helpline.Data.Calls;
using Helpline.Data.Flows;
using Helpline.Data.Hours;
using Helpline.Data.Retention;
using Helpline.Data.Routing;
using Helpline.Server.Agents;
using Helpline.Server.Callers;
using Helpline.Server.Dashboard.Charts;
using Helpline.Server.Flows;
using Helpline.Server.Hours;
using Helpline.Server.Queue;
using Helpline.Server.Security;
using Helpline.Server.Storage;
using Helpline.Server.Voice;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Helpline.Server.Hosting;

/// <summary>
/// What <c>Program.cs</c> adds, one method per part of the service and named after it: every setting (validated at
/// start), storage, the call flow and hours, the voice path. Each method registers only its own part; none adds
/// middleware (the pipeline is written out in <c>Program.cs</c>).
/// </summary>
internal static class HelplineServices
{
    /// <summary>
    /// Every setting, bound and validated at start with one line per problem naming the key (nested objects and list
    /// items included), the Production secrets check, and Kestrel's and the form reader's limits.
    /// </summary>
    public static IHostApplicationBuilder AddHelplineOptions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddValidatedOptions<HelplineOptions>(HelplineOptions.Section);
        builder.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);
        builder.AddValidatedOptions<RoutingOptions>(RoutingOptions.Section);
        builder.AddValidatedOptions<Callbacks.CallbackOptions>(Callbacks.CallbackOptions.Section);
        builder.AddValidatedOptions<Callers.CallersOptions>(Callers.CallersOptions.Section)
            .Validate(o => o.DefaultFlagDays <= o.MaxFlagDays, "Helpline:Callers:DefaultFlagDays must not exceed Helpline:Callers:MaxFlagDays");
        builder.AddValidatedOptions<StatisticsOptions>(StatisticsOptions.Section);
        builder.AddValidatedOptions<StaleCallOptions>(StaleCallOptions.Section);
        builder.AddValidatedOptions<JournalOptions>(JournalOptions.Section);
        builder.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section)
            .Validate(o => string.IsNullOrEmpty(o.TimeZone) || TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Helpline:Retention:TimeZone must be an IANA time zone, e.g. Europe/Paris");
        builder.AddValidatedOptions<LimitsOptions>(LimitsOptions.Section);
        services.AddSingleton<IValidateOptions<HelplineOptions>, ProductionSecretsValidator>();
        services.AddSingleton<IValidateOptions<RoutingOptions>, WorkerPrivacyValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((kestrel, limits) =>
        {
            // Kestrel's options are read when the app is built, before the start-up checks: bad limits are left to those
            // checks, which report them with every other problem (and stop the start before Kestrel listens).
            LimitsOptions value;
            try
            {
                value = limits.Value;
            }
            catch (OptionsValidationException)
            {
                return;
            }

            kestrel.Limits.MaxRequestBodySize = value.MaxBodyBytes;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(value.HeadersTimeoutSeconds);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(value.KeepAliveTimeoutSeconds);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(value.MinBodyBytesPerSecond, TimeSpan.FromSeconds(value.MinBodyRateGraceSeconds));
        });
        services.AddOptions<FormOptions>().Configure<IOptions<LimitsOptions>>((form, limits) =>
        {
            var max = (int)Math.Min(int.MaxValue, limits.Value.MaxBodyBytes);
            form.MultipartBodyLengthLimit = max;
            form.ValueLengthLimit = max;
            form.BufferBodyLengthLimit = max;
        });
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddExceptionHandler<Storage.StorageFaultProblem>();
        return builder;
    }

    /// <summary>
    /// PostgreSQL (data source, stores, migrations and seeding at start), the call writer and its on-disk journal with
    /// the replayer, the storage budget, the stale-call sweeper and the retention job.
    /// </summary>
    public static IHostApplicationBuilder AddHelplineStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton(sp => HelplineDataSource.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
        services.AddSingleton<CallStore>();
        services.AddSingleton<FlowVersionStore>();
        services.AddSingleton<HoursOverrideStore>();
        services.AddSingleton<IAssignmentPolicy>(sp => sp.GetRequiredService<IOptions<RoutingOptions>>().Value.Policy == "fewest-calls"
            ? new FewestCallsPolicy()
            : new LongestIdlePolicy());
        services.AddSingleton<RoutingStore>();
        services.AddSingleton<Data.Callbacks.CallbackStore>();
        services.AddSingleton<RetentionStore>();

        services.AddSingleton<StorageBudget>();
        services.AddSingleton<CallJournal>();
        services.AddSingleton<CallWriter>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        services.AddSingleton<JournalReplayer>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalReplayer>());
        services.AddSingleton<StaleCallSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<StaleCallSweeper>());
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());
        return builder;
    }

    /// <summary>The call flow (loaded and compiled once per version, reloaded live), its stored versions, and the hours override.</summary>
    public static IHostApplicationBuilder AddHelplineFlows(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton(sp =>
        {
            var registry = new FlowRegistry();
            var options = sp.GetRequiredService<IOptions<HelplineOptions>>().Value;
            var flow = FlowBootstrap.LoadOrThrow(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FlowBootstrap)));
            registry.Publish(flow, sp.GetRequiredService<TimeProvider>().GetUtcNow());
            return registry;
        });
        services.AddSingleton<FlowVersionResolver>();
        services.AddSingleton<FlowReloadStatus>();
        services.AddSingleton<FlowReloader>();
        services.AddHostedService(sp => sp.GetRequiredService<FlowReloader>());
        services.AddSingleton<HoursOverrideService>();
        services.AddSingleton<Data.Callers.SaturationStore>();
        services.AddSingleton<Data.Callers.FlagStore>();
        services.AddSingleton<Callers.SaturationService>();
        services.AddSingleton<Callers.FlagReasonCatalog>();
        services.AddSingleton<Callers.ChallengeCode>();
        services.AddSingleton<Callers.FlagService>();
        services.AddHostedService<HoursOverrideRefresher>();
        return builder;
    }

    /// <summary>
    /// The call path: the <c>/voice</c> routes table, the signature check, the caller's leg (steps, call ending), the
    /// queue (hold polls, exits), the workers' leg and the dispatcher, the provider's REST API with its retries, and what
    /// we know of callers (their keyed hash).
    /// </summary>
    public static IHostApplicationBuilder AddHelplineVoice(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<VoiceRoutes>();
        services.AddSingleton<TwilioSignatureFilter>();
        services.AddSingleton<RejectedWebhookLog>();
        services.AddSingleton<AdminTokenFilter>();
        services.AddSingleton<TwimlRenderer>();
        services.AddSingleton<CallerHasher>();
        services.AddSingleton<CallerIdPolicy>();
        services.AddSingleton<StepService>();
        services.AddSingleton<CallEnding>();
        services.AddSingleton<QueueWaitService>();
        services.AddSingleton<QueueAnnouncer>();
        services.AddSingleton<WaitHistory>();
        services.AddSingleton<QueueExit>();
        services.AddSingleton<AgentLeg>();
        services.AddSingleton<Callbacks.CallbackSecrets>();
        services.AddSingleton<Callbacks.CallbackDialogue>();
        services.AddSingleton<Callbacks.CallbackCancellation>();
        services.AddSingleton<Callbacks.WrapUpCallbacks>();
        services.AddSingleton<Callbacks.CallbackLeg>();
        services.AddSingleton<RestClientFactory>();
        services.AddSingleton<RoutingReadiness>();
        services.AddSingleton<Dispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());
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
        return builder;
    }

    /// <summary>Every 4xx on <c>/voice</c> (wrong method, unknown route) gets a problem body, like the others.</summary>
    public static WebApplication UseVoiceProblemPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/voice", StringComparison.Ordinal), voice => voice.UseStatusCodePages());
        return app;
    }
}
