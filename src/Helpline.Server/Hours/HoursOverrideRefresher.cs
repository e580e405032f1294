using Helpline.Server.Storage;

namespace Helpline.Server.Hours;

/// <summary>
/// Re-reads the hours override and the saturation mode every few seconds (once the schema exists) so a change made
/// through another instance applies here too.
/// </summary>
internal sealed class HoursOverrideRefresher(HoursOverrideService service, Callers.SaturationService saturation, DatabaseInitializer database, TimeProvider time) : BackgroundService
{
    /// <summary>How often to re-read.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.Ready.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            await service.RefreshAsync(stoppingToken);
            await saturation.RefreshAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
