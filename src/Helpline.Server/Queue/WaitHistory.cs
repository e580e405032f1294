using Helpline.Core.Queue;
using Helpline.Data.Routing;
using Helpline.Server.Agents;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Queue;

/// <summary>
/// This line's recent answered calls (<see cref="RoutingStore.RecentHandledCallsAsync"/>) for the wait estimate, read
/// at most once every <see cref="Freshness"/> per instance: the history changes with each answered call, not with each
/// hold poll, so the poll stays one query cheaper for every caller but one a minute.
/// </summary>
/// <remarks>
/// Thread-safe (singleton). One poll at a time refreshes the history; polls meanwhile use the previous one (or none
/// before the first read, which only withholds an estimate). A refresh that fails keeps the previous history and
/// throws to its caller, which then announces nothing that time.
/// </remarks>
internal sealed class WaitHistory(RoutingStore routing, IOptions<RoutingOptions> options, TimeProvider time)
{
    /// <summary>How long a history read is used before the next poll reads it again (service clock).</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(60);

    private Snapshot? _snapshot;
    private int _refreshing;

    /// <summary>The recent answered calls, read again when the last read is older than <see cref="Freshness"/>.</summary>
    public async Task<IReadOnlyList<HandledCall>> RecentAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is not null && now - snapshot.ReadAt < Freshness)
        {
            return snapshot.Calls;
        }

        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0)
        {
            return snapshot?.Calls ?? [];
        }

        try
        {
            var calls = await routing.RecentHandledCallsAsync(now, options.Value.WrapUpSeconds, ct);
            Volatile.Write(ref _snapshot, new Snapshot(now, calls));
            return calls;
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private sealed record Snapshot(DateTimeOffset ReadAt, IReadOnlyList<HandledCall> Calls);
}
