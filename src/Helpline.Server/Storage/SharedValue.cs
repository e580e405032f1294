namespace Helpline.Server.Storage;

/// <summary>
/// A setting stored in PostgreSQL and kept in memory, so the call path reads it without a round trip (the hours
/// override, saturation mode): a change made through this instance applies at once; a periodic refresh picks up changes
/// made through other instances; a refresh that fails keeps the last known value.
/// </summary>
/// <typeparam name="T">The stored value (a record; null when nothing is set).</typeparam>
/// <remarks>
/// Thread-safe: the value is replaced atomically, and a refresh that read the database before a change made here never
/// overwrites that change with what it read (the change would otherwise be lost until the next refresh).
/// </remarks>
internal sealed class SharedValue<T>
    where T : class
{
    private readonly Lock _gate = new();
    private volatile T? _current;
    private long _changes;

    /// <summary>The value as last read or set (possibly expired: its owner judges).</summary>
    public T? Current => _current;

    /// <summary>Re-reads the value with <paramref name="read"/>; false (value kept) when the database could not be reached.</summary>
    public async Task<bool> RefreshAsync(Func<CancellationToken, Task<T?>> read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            var before = Interlocked.Read(ref _changes);
            var value = await read(ct);
            lock (_gate)
            {
                if (_changes == before)
                {
                    _current = value;
                }
            }

            return true;
        }
        catch (Exception ex) when (Data.StorageFault.Is(ex))
        {
            return false;
        }
    }

    /// <summary>Applies a value just stored through this instance (null: cleared).</summary>
    public void Apply(T? value)
    {
        lock (_gate)
        {
            _changes++;
            _current = value;
        }
    }
}
