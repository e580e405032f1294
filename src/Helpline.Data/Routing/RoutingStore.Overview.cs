using Dapper;

namespace Helpline.Data.Routing;

public sealed partial class RoutingStore
{
    /// <summary>
    /// The queue and the workers at a glance (<see cref="RoutingOverview"/>), in one round trip that reads the waiting
    /// callers through their partial index and the small workers table: cheap enough to run every few seconds.
    /// </summary>
    public async Task<RoutingOverview> OverviewAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            "select count(*)::int, min(joined_at) from queue_entries where status = 'waiting'; " +
            "select status, count(*)::int, (count(*) filter (where auto_paused))::int, coalesce(bool_or(" + WorkerSql.CanCome + "), false) " +
            "from workers where active group by status",
            cancellationToken: ct));
        var (waiting, oldest) = await results.ReadSingleAsync<(int, DateTime?)>();
        var workers = (await results.ReadAsync<(string Status, int Count, int AutoPaused, bool CanCome)>()).ToList();
        return new RoutingOverview(
            waiting,
            oldest is { } joined ? Timestamps.FromDatabase(joined) : null,
            workers.ToDictionary(w => w.Status, w => w.Count, StringComparer.Ordinal),
            workers.Sum(w => w.AutoPaused),
            workers.Any(w => w.CanCome));
    }
}
