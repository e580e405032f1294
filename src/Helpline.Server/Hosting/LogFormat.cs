using Microsoft.Extensions.Logging.Console;

namespace Helpline.Server.Hosting;

/// <summary>
/// The console log's format, the framework's own setting: <c>Logging:Console:FormatterName</c> = <c>simple</c> (the
/// default outside systemd), <c>systemd</c> (the default under systemd: journald's priorities) or <c>json</c> (one JSON
/// object a line, for a log collector; <c>Logging:Console:FormatterOptions:*</c> tunes it). Set, it wins under systemd
/// too. A name the framework does not know would quietly fall back to the simple format: it stops the start instead.
/// </summary>
internal static class LogFormat
{
    /// <summary>The configuration key.</summary>
    public const string Key = "Logging:Console:FormatterName";

    private static readonly string[] Known = [ConsoleFormatterNames.Simple, ConsoleFormatterNames.Json, ConsoleFormatterNames.Systemd];

    /// <summary>Keeps a configured format under systemd, whose integration otherwise imposes its own.</summary>
    public static IHostApplicationBuilder KeepConfiguredLogFormat(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration[Key] is { Length: > 0 } name && Known.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            builder.Services.PostConfigure<ConsoleLoggerOptions>(console => console.FormatterName = name.ToLowerInvariant());
        }

        return builder;
    }

    /// <summary>One line when the format is not one the framework knows; none when unset.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[Key] is { Length: > 0 } name && !Known.Contains(name, StringComparer.OrdinalIgnoreCase)
            ? [$"{Key} must be simple, json or systemd (json: one JSON object a line, for a log collector), or unset for the default"]
            : [];
    }
}
