using Helpline.Data.Retention;
using Helpline.Server.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Helpline.Server.Storage;

namespace Helpline.Server.Hosting;

/// <summary>
/// Registers what keeps the line answering under faults and bad input: request size and time limits, and the refusal
/// to start in Production with sample or development secrets, the retention job, the on-disk journal of call events
/// written while the database is down. Kept apart from
/// <see cref="HelplineServiceExtensions"/> so each concern reads on its own.
/// </summary>
public static class ResilienceServiceExtensions
{
    /// <summary>Adds the limits and the Production secrets check to <paramref name="builder"/>.</summary>
    public static IHostApplicationBuilder AddHelplineResilience(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddValidatedOptions<LimitsOptions>(LimitsOptions.Section);
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

        services.AddSingleton<IValidateOptions<HelplineOptions>, ProductionSecretsValidator>();
        services.AddOptions<HelplineOptions>().ValidateOnStart();

        builder.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section)
            .Validate(o => string.IsNullOrEmpty(o.TimeZone) || TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Helpline:Retention:TimeZone must be an IANA time zone, e.g. Europe/Paris");
        services.AddSingleton<RetentionStore>();
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());

        builder.AddValidatedOptions<JournalOptions>(JournalOptions.Section);
        services.AddSingleton<CallJournal>();
        services.AddSingleton<JournalReplayer>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalReplayer>());
        return builder;
    }

    /// <summary>
    /// Refuses oversized bodies with 413, and gives every other 4xx on <c>/voice</c> (wrong method, unknown route) a
    /// problem body. Call it before the voice safety net, so the refusal is not turned into emergency TwiML.
    /// </summary>
    public static WebApplication UseHelplineResilience(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestSizeLimit>();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/voice", StringComparison.Ordinal), voice => voice.UseStatusCodePages());
        return app;
    }
}
