using Helpline.Data.Retention;
using Helpline.Server.Storage;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Storage;

/// <summary>
/// Once a day (and once when the database is first ready), purges the calls older than
/// <see cref="RetentionOptions.Days"/> after counting them into the daily statistics (<see cref="RetentionStore"/>).
/// Time comes from <see cref="TimeProvider"/>. A database failure is logged and the purge is tried again the next day;
/// several instances may run it at once (each batch locks its rows with SKIP LOCKED, nothing is counted twice).
/// </summary>
internal sealed partial class RetentionJob(
    RetentionStore store, DatabaseInitializer database, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionJob> logger) : BackgroundService
{
    /// <summary>Time between purges.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>One purge now: calls started more than <see cref="RetentionOptions.Days"/> days ago go.</summary>
    public async Task<RetentionResult?> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (settings.Days == 0)
        {
            LogKept(logger);
            return null;
        }

        var cutoff = time.GetUtcNow().AddDays(-settings.Days);
        try
        {
            var result = await store.PurgeAsync(cutoff, settings.TimeZone, ct: ct);
            LogPurged(logger, result.Calls, result.Events, result.QueueEntries, cutoff);
            return result;
        }
        catch (Exception ex) when (Data.StorageFault.Is(ex))
        {
            LogFailed(logger, ex);
            return null;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.Ready.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            // The next purge is a day after this one starts; the wait starts before the purge (whose outcome is logged),
            // so a clock moved after it moves this wait too.
            var wait = Task.Delay(Interval, time, stoppingToken);
            await RunOnceAsync(stoppingToken);
            await wait;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: purged {Calls} calls, {Events} events, {QueueEntries} queue entries started before {Cutoff} (counted into the daily statistics first)")]
    private static partial void LogPurged(ILogger logger, long calls, long events, long queueEntries, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: Helpline:Retention:Days is 0, calls are kept")]
    private static partial void LogKept(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention: the purge failed (database unavailable); it will be tried again tomorrow")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
