using Helpline.Data.Callers;

namespace Helpline.Server.Callers;

/// <summary>
/// Saturation mode, kept in memory so the incoming-call webhook reads it without a round trip: a change made through
/// this instance applies at once; one made through another instance within <see cref="Hours.HoursOverrideRefresher.Interval"/>
/// (the refresher re-reads it with the hours override). It ends by itself at <see cref="SaturationMode.Until"/>.
/// </summary>
/// <remarks>Thread-safe (<see cref="Storage.SharedValue{T}"/>).</remarks>
internal sealed partial class SaturationService(SaturationStore store, TimeProvider time, ILogger<SaturationService> logger)
{
    private readonly Storage.SharedValue<SaturationMode> _value = new();

    /// <summary>The mode that applies now, or null.</summary>
    public SaturationMode? Active => _value.Current is { } mode && mode.Until > time.GetUtcNow() ? mode : null;

    /// <summary>Re-reads the stored mode; keeps the last known value when the database cannot be reached.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        if (!await _value.RefreshAsync(store.GetAsync, ct))
        {
            LogRefreshFailed(logger);
        }
    }

    /// <summary>Switches it on until <see cref="SaturationMode.Until"/>.</summary>
    public async Task SetAsync(SaturationMode mode, CancellationToken ct)
    {
        await store.SetAsync(mode, ct);
        _value.Apply(mode);

        LogOn(logger, mode.Until, mode.SetBy);
    }

    /// <summary>Switches it off; false when it was not on.</summary>
    public async Task<bool> ClearAsync(string by, CancellationToken ct)
    {
        var cleared = await store.ClearAsync(by, time.GetUtcNow(), ct);
        _value.Apply(null);

        LogOff(logger, by);
        return cleared;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the saturation mode; keeping the last known value")]
    private static partial void LogRefreshFailed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saturation mode on until {Until} (by {By}): every new caller passes the keypad challenge before the queue")]
    private static partial void LogOn(ILogger logger, DateTimeOffset until, string by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saturation mode off (by {By})")]
    private static partial void LogOff(ILogger logger, string by);
}
