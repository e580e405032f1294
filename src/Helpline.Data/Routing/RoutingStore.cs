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

    private const string Notify = "select " + WorkerSql.Notify;

    /// <summary>Our advisory lock for seeding workers ("HelpWrkr" in ASCII), so instances starting together seed once.</summary>
    private const long SeedLockKey = 0x4865_6C70_5772_6B72;

    /// <summary>
    /// Creates the configured workers that do not exist yet (by name), in the order given; existing ones keep their
    /// state. Under an advisory lock, and without attempting an insert that would conflict (which would still consume an
    /// identity value), so the workers of a first start get the ids 1, 2, 3… in configuration order, however many
    /// instances or services start together.
    /// </summary>
    public async Task SeedWorkersAsync(IEnumerable<(string Name, string Phone)> workers, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workers);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@key)", new { key = SeedLockKey }, transaction, cancellationToken: ct));
        foreach (var (name, phone) in workers)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into workers (name, phone, status_since) select @name, @phone, @at where not exists (select 1 from workers where name = @name)",
                new { name, phone, at = at.UtcDateTime }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>Every worker, by id.</summary>
    public async Task<IReadOnlyList<WorkerRecord>> ListWorkersAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<WorkerRow>(new CommandDefinition(
            "select id, name, phone, active, status, status_since, missed_in_a_row, calls_answered, current_call_sid, wrap_up_until, pending_status, auto_paused from workers order by id",
            cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// A worker's own choice: available, pause or offline. While a call rings or is in progress for them the choice is
    /// kept as pending and takes effect when the call and its wrap-up are over (choosing available clears a pending
    /// choice); otherwise it applies now (in wrap-up, it ends the wrap-up). A choice clears an autopause. Null when
    /// there is no such worker.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="status"/> is not one a worker may choose.</exception>
    public async Task<WorkerStatusChange?> SetWorkerStatusAsync(int id, string status, DateTimeOffset at, CancellationToken ct)
    {
        if (status is not (WorkerStatuses.Available or WorkerStatuses.Pause or WorkerStatuses.Offline))
        {
            throw new ArgumentException($"a worker may only choose available, pause or offline, not '{status}'", nameof(status));
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // RETURNING reads the new row: a busy worker's status is unchanged by this statement, so it says whether the choice waits.
        var pending = await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition(
            "update workers set " +
            "pending_status = case when status in ('ringing', 'on-call') then nullif(@status, 'available') end, " +
            "pending_since = case when status in ('ringing', 'on-call') and @status <> 'available' then @at end, " +
            "status = case when status in ('ringing', 'on-call') then status else @status end, " +
            "status_since = case when status in ('ringing', 'on-call') then status_since else @at end, " +
            "idle_since = case when status not in ('ringing', 'on-call') and @status = 'available' then @at else idle_since end, " +
            "missed_in_a_row = case when status not in ('ringing', 'on-call') and @status = 'available' then 0 else missed_in_a_row end, " +
            "wrap_up_until = case when status in ('ringing', 'on-call') then wrap_up_until end, " +
            "auto_paused = case when status in ('ringing', 'on-call') then auto_paused else false end " +
            "where id = @id returning status in ('ringing', 'on-call')",
            new { id, status, at = at.UtcDateTime }, cancellationToken: ct));
        if (pending is null)
        {
            return null;
        }

        if (pending == false && status == WorkerStatuses.Available)
        {
            await connection.ExecuteAsync(new CommandDefinition(Notify, cancellationToken: ct));
        }

        return pending.Value ? WorkerStatusChange.Pending : WorkerStatusChange.Applied;
    }

    /// <summary>
    /// Ends a worker's wrap-up now (their after-call form is done): they take the status chosen during the call, or
    /// become available. False when they were not in wrap-up.
    /// </summary>
    public async Task<bool> EndWrapUpAsync(int id, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            $"update workers set {WorkerSql.Free("@at")} where id = @id and status = 'wrap-up'", new { id, at = at.UtcDateTime }, cancellationToken: ct));
        if (changed == 1)
        {
            await connection.ExecuteAsync(new CommandDefinition(Notify, cancellationToken: ct));
        }

        return changed == 1;
    }

    /// <summary>
    /// The earliest time the router's choices change by the clock alone — the end of a wrap-up in progress, or the end
    /// of a recalling caller's reservation for her worker after <paramref name="now"/> — so the dispatcher can wake
    /// exactly then; null when none.
    /// </summary>
    public async Task<DateTimeOffset?> NextTimedChangeAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Also the end of the next reservation of a recalling caller for her worker: anyone may take her from then.
        var next = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "select least((select min(wrap_up_until) from workers where status = 'wrap-up'), " +
            "(select min(preferred_until) from queue_entries where status = 'waiting' and preferred_worker_id is not null and preferred_until > @now))",
            new { now = now.UtcDateTime }, cancellationToken: ct));
        return next is { } value ? Timestamps.FromDatabase(value) : null;
    }

    private sealed record WorkerRow(
        int Id, string Name, string Phone, bool Active, string Status, DateTime Status_Since, int Missed_In_A_Row, int Calls_Answered, string? Current_Call_Sid,
        DateTime? Wrap_Up_Until, string? Pending_Status, bool Auto_Paused)
    {
        public WorkerRecord ToRecord() => new(Id, Name, Phone, Active, Status, Timestamps.FromDatabase(Status_Since), Missed_In_A_Row, Calls_Answered, Current_Call_Sid,
            Timestamps.FromDatabase(Wrap_Up_Until), Pending_Status, Auto_Paused);
    }
}
