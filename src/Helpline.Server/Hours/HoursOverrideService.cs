using Helpline.Core.Calendar;
using Helpline.Data.Hours;

namespace Helpline.Server.Hours;

/// <summary>
/// The operator's exceptional opening or closing, kept in memory so the incoming-call webhook reads it without a
/// database round trip. Changes made through this instance apply at once; changes made by another instance are picked
/// up by <see cref="HoursOverrideRefresher"/> within seconds. Expiry needs no refresh: the calendar ignores an override
/// whose <c>Until</c> has passed.
/// </summary>
/// <remarks>Thread-safe (<see cref="Storage.SharedValue{T}"/>).</remarks>
internal sealed class HoursOverrideService(HoursOverrideStore store, TimeProvider time, ILogger<HoursOverrideService> logger)
{
    private readonly Storage.SharedValue<StoredHoursOverride> _value = new();

    /// <summary>The override as last read, if any (possibly expired).</summary>
    public StoredHoursOverride? Stored => _value.Current;

    /// <summary>The override that applies now, or null.</summary>
    public HoursOverride? Active
    {
        get
        {
            var stored = _value.Current;
            return stored is null || stored.Until <= time.GetUtcNow() ? null : ToCalendar(stored);
        }
    }

    /// <summary>Reads the stored override; keeps the last known value when the database cannot be reached.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        if (!await _value.RefreshAsync(store.GetAsync, ct))
        {
            logger.LogWarning("Could not refresh the hours override; keeping the last known value");
        }
    }

    /// <summary>Stores and applies an override (logged as a service event by the store).</summary>
    public async Task SetAsync(StoredHoursOverride value, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(value);
        await store.SetAsync(value, ct);
        _value.Apply(value);
        logger.LogInformation("Hours override set: {Mode} until {Until:o} ({Reason})", value.Mode, value.Until, value.Reason);
    }

    /// <summary>Removes the override; true when there was one.</summary>
    public async Task<bool> ClearAsync(string? by, CancellationToken ct)
    {
        var cleared = await store.ClearAsync(time.GetUtcNow(), by, ct);
        _value.Apply(null);
        logger.LogInformation("Hours override cleared");
        return cleared;
    }

    /// <summary>The calendar's view of a stored override.</summary>
    public static HoursOverride ToCalendar(StoredHoursOverride stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new HoursOverride(stored.Mode == "open" ? HoursOverrideMode.Open : HoursOverrideMode.Closed, stored.Until, stored.Reason);
    }
}
