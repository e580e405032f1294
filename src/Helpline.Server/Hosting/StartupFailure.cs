using Microsoft.Extensions.Options;

namespace Helpline.Server.Hosting;

/// <summary>
/// How <c>Program</c> reports a start that the configuration stops: one plain line per problem, naming the key (or file)
/// and what is expected, on standard error and through the logger — without the exception, whose stack trace would
/// bury the line an operator needs — then exit code <see cref="ExitCode"/>. Only configuration problems are read here;
/// any other exception is a bug and is left to surface with its stack trace.
/// </summary>
internal static partial class StartupFailure
{
    /// <summary>
    /// The exit code of a start refused for its configuration: 78, <c>EX_CONFIG</c> of sysexits.h, so a supervisor
    /// (systemd's <c>RestartPreventExitStatus=78</c>) can tell it from a crash and stop restarting in a loop.
    /// </summary>
    public const int ExitCode = 78;

    /// <summary>The logger category of the report.</summary>
    public const string Category = "Helpline.Server.Hosting.Startup";

    /// <summary>
    /// The problems <paramref name="error"/> carries when it is a configuration problem: an
    /// <see cref="InvalidConfigurationException"/>, an <see cref="OptionsValidationException"/> (settings validated at
    /// start), a settings file that is not valid JSON, or an <see cref="AggregateException"/> of those only. Null for
    /// anything else.
    /// </summary>
    public static IReadOnlyList<string>? ConfigurationProblems(Exception error) => error switch
    {
        InvalidConfigurationException invalid => invalid.Problems,
        OptionsValidationException options => [.. options.Failures.Select(f => f.ReplaceLineEndings(" "))],
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.Select(ConfigurationProblems).ToList() is { Count: > 0 } inner && inner.All(p => p is not null)
            ? [.. inner.SelectMany(p => p!)]
            : null,
        // A JSON settings file that does not parse (appsettings.Production.json edited by hand); JSON errors name the line, never the text.
        InvalidDataException { InnerException: FormatException format } file => [$"{file.Message} {Innermost(format).Message}".ReplaceLineEndings(" ")],
        // A log level the logging system does not know (Logging__LogLevel__Default=Verbose), thrown while the host is built.
        InvalidOperationException logging when logging.Source == "Microsoft.Extensions.Logging" || logging.StackTrace?.Contains("LoggerFilterConfigureOptions", StringComparison.Ordinal) == true =>
            [$"Logging:LogLevel: {logging.Message} Expected Trace, Debug, Information, Warning, Error, Critical or None."],
        _ => null,
    };

    /// <summary>
    /// Prints <paramref name="problems"/> on standard error, logs each (Critical, without exception) when the host was
    /// built, disposes the host so the log lines are flushed, and returns <see cref="ExitCode"/>.
    /// </summary>
    public static async Task<int> ReportAsync(IReadOnlyList<string> problems, WebApplication? app)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var error = Console.Error;
        await error.WriteLineAsync("Helpline did not start (nothing was served): fix the configuration and start again.");
        foreach (var problem in problems)
        {
            await error.WriteLineAsync("  " + problem);
        }

        await error.FlushAsync();
        if (app is not null)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
            foreach (var problem in problems)
            {
                LogProblem(logger, problem);
            }

            LogRefused(logger);
            await app.DisposeAsync();
        }

        return ExitCode;
    }

    private static Exception Innermost(Exception error) => error.InnerException is null ? error : Innermost(error.InnerException);

    [LoggerMessage(EventId = 1, Level = LogLevel.Critical, Message = "Configuration problem: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "The service did not start (nothing was served): fix the configuration and start again")]
    private static partial void LogRefused(ILogger logger);
}
