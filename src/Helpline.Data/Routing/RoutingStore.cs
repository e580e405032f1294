using Dapper;
using Npgsql;

namespace Helpline.Data.Routing;

/// <summary>
/// Workers and the waiting queue in PostgreSQL. Every change of a worker or a caller is one transaction; the assignment
/// takes the longest-waiting caller and the longest-idle available worker with <c>FOR UPDATE SKIP LOCKED</c>, so two
/// server instances never give one worker two calls or one call two workers. Changes that may allow an assignment send
/// <c>NOTIFY helpline_dispatch</c> so every instance's dispatcher wakes at once.
/// </summary>
public sealed partial class RoutingStore(NpgsqlDataSource dataSource, IAssignmentPolicy? policy = null)
{
    private readonly string _workerOrder = (policy ?? new LongestIdlePolicy()).WorkerOrder;

    /// <summary>The LISTEN/NOTIFY channel of the dispatchers.</summary>
    public const string Channel = "helpline_dispatch";

    private const string Notify = "select pg_notify('" + Channel + "', '')";

    /// <summary>Creates the configured workers that do not exist yet (by name); existing ones keep their state.</summary>
    public async Task SeedWorkersAsync(IEnumerable<(string Name, string Phone)> workers, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workers);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        foreach (var (name, phone) in workers)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into workers (name, phone, status_since) values (@name, @phone, @at) on conflict (name) do nothing",
                new { name, phone, at = at.UtcDateTime }, cancellationToken: ct));
        }
    }

    /// <summary>Every worker, by id.</summary>
    public async Task<IReadOnlyList<WorkerRecord>> ListWorkersAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<WorkerRow>(new CommandDefinition(
            "select id, name, phone, active, status, status_since, missed_in_a_row, calls_answered, current_call_sid, wrap_up_until from workers order by id", cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// A worker's own choice: available, pause or offline. Refused (false) while a call is ringing or in progress for
    /// them; null when there is no such worker.
    /// </summary>
    public async Task<bool?> SetWorkerStatusAsync(int id, string status, DateTimeOffset at, CancellationToken ct)
    {
        if (status is not (WorkerStatuses.Available or WorkerStatuses.Pause or WorkerStatuses.Offline))
        {
            throw new ArgumentException($"a worker may only choose available, pause or offline, not '{status}'", nameof(status));
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition("select status from workers where id = @id", new { id }, cancellationToken: ct));
        if (current is null)
        {
            return null;
        }

        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "update workers set status = @status, status_since = @at, " +
            "idle_since = case when @status = 'available' then @at else idle_since end, " +
            "missed_in_a_row = case when @status = 'available' then 0 else missed_in_a_row end, wrap_up_until = null " +
            "where id = @id and status not in ('ringing', 'on-call')",
            new { id, status, at = at.UtcDateTime }, cancellationToken: ct));
        if (changed == 1 && status == WorkerStatuses.Available)
        {
            await connection.ExecuteAsync(new CommandDefinition(Notify, cancellationToken: ct));
        }

        return changed == 1;
    }

    /// <summary>The earliest end of a wrap-up in progress, so the dispatcher can wake exactly then; null when none.</summary>
    public async Task<DateTimeOffset?> NextWrapUpEndAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var next = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition("select min(wrap_up_until) from workers where status = 'wrap-up'", cancellationToken: ct));
        return next is { } value ? Calls.CallStore.Utc(value) : null;
    }

    /// <summary>Workers logged in (any status but offline, active only): with none, a caller overflows at once.</summary>
    public async Task<int> LoggedInCountAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("select count(*) from workers where active and status <> 'offline'", cancellationToken: ct));
    }

    private sealed record WorkerRow(int Id, string Name, string Phone, bool Active, string Status, DateTime Status_Since, int Missed_In_A_Row, int Calls_Answered, string? Current_Call_Sid, DateTime? Wrap_Up_Until)
    {
        public WorkerRecord ToRecord() => new(Id, Name, Phone, Active, Status, Calls.CallStore.Utc(Status_Since), Missed_In_A_Row, Calls_Answered, Current_Call_Sid,
            Wrap_Up_Until is { } until ? Calls.CallStore.Utc(until) : null);
    }
}
