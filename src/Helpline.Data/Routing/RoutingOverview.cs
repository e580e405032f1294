namespace Helpline.Data.Routing;

/// <summary>The queue and the workers at a glance, for the service's gauges (<see cref="RoutingStore.OverviewAsync"/>).</summary>
/// <param name="Waiting">Callers waiting for a worker (not yet offered).</param>
/// <param name="OldestJoinedAt">When the longest-waiting of them joined, or null when nobody waits.</param>
/// <param name="WorkersByStatus">Active workers by status (<see cref="WorkerStatuses"/>); a status nobody has is absent.</param>
/// <param name="AutoPaused">Active workers paused by the router after missed offers.</param>
/// <param name="SomeoneCanCome">True when a worker is available, ringing, on a call or in wrap-up (and not due to pause after it).</param>
public sealed record RoutingOverview(int Waiting, DateTimeOffset? OldestJoinedAt, IReadOnlyDictionary<string, int> WorkersByStatus, int AutoPaused, bool SomeoneCanCome);
