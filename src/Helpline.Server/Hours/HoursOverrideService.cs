using Helpline.Core.Calendar;
using Helpline.Data.Hours;

namespace Helpline.Server.Hours;

/// <summary>
/// The operator's exceptional opening or closing, kept in memory so the incoming-call webhook reads it without a
/// database round trip. Changes made through this instance apply at once; changes made by another instance are picked
/// up by <see cref="HoursOverrideRefresher"/> within seconds. Expiry needs no refresh: the calendar ignores an override
/// whose <c>Until</c> has passed.
/// </summary>
/// <remarks>
/// Thread-safe: the cached value is replaced atomically, and a refresh that read the database before a change made here
/// never overwrites that change with what it read (the change would otherwise be lost until the next refresh).
/// </remarks>
internal sealed class HoursOverrideService(HoursOverrideStore store, TimeProvider time, ILogger<HoursOverrideService> logger)
{
    private readonly Lock _gate = new();
    private volatile StoredHoursOverride? _current;
    private long _changes;

    /// <summary>The override as last read, if any (possibly expired).</summary>
    public StoredHoursOverride? Stored => _current;

    /// <summary>The override that applies now, or null.</summary>
    public HoursOverride? Active
    {
        get
        {
            var stored = _current;
            return stored is null || stored.Until <= time.GetUtcNow() ? null : ToCalendar(stored);
        }
    }

    /// <summary>Reads the stored override; keeps the last known value when the database cannot be reached.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            var changesBefore = Interlocked.Read(ref _changes);
            var read = await store.GetAsync(ct);
            lock (_gate)
            {
                if (_changes == changesBefore)
                {
                    _current = read;
                }
            }
        }
        catch (Exception ex) when (Data.StorageFault.Is(ex))
        {
            logger.LogWarning(ex, "Could not refresh the hours override; keeping the last known value");
        }
    }

    /// <summary>Stores and applies an override (logged as a service event by the store).</summary>
    public async Task SetAsync(StoredHoursOverride value, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(value);
        await store.SetAsync(value, ct);
        Apply(value);
        logger.LogInformation("Hours override set by {By}: {Mode} until {Until:o} ({Reason})", value.SetBy ?? "unknown", value.Mode, value.Until, value.Reason);
    }

    /// <summary>Removes the override; true when there was one.</summary>
    public async Task<bool> ClearAsync(string? by, CancellationToken ct)
    {
        var cleared = await store.ClearAsync(time.GetUtcNow(), by, ct);
        Apply(null);
        if (cleared)
        {
            logger.LogInformation("Hours override cleared by {By}", by ?? "unknown");
        }
        return cleared;
    }

    private void Apply(StoredHoursOverride? value)
    {
        lock (_gate)
        {
            _changes++;
            _current = value;
        }
    }

    /// <summary>The calendar's view of a stored override.</summary>
    public static HoursOverride ToCalendar(StoredHoursOverride stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new HoursOverride(stored.Mode == "open" ? HoursOverrideMode.Open : HoursOverrideMode.Closed, stored.Until, stored.Reason);
    }
}
