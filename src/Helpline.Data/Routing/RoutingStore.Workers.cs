using Dapper;

namespace Helpline.Data.Routing;

public sealed partial class RoutingStore
{
    /// <summary>Adds a worker (offline); returns the id, or null when the name is taken.</summary>
    public async Task<int?> AddWorkerAsync(string name, string phone, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "insert into workers (name, phone, status_since) values (@name, @phone, @at) on conflict (name) do nothing returning id",
            new { name, phone, at = at.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>
    /// Activates or deactivates a worker. A deactivated worker is never offered a call; one who is not ringing or on a
    /// call is also set offline at once, one on a call finishes it normally and goes offline after it (a pending
    /// status, dated now: from then on they will not come). False when there is no such worker.
    /// </summary>
    public async Task<bool> SetWorkerActiveAsync(int id, bool active, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update workers set active = @active, " +
            "status = case when not @active and status not in ('ringing', 'on-call') then 'offline' else status end, " +
            "status_since = case when not @active and status not in ('ringing', 'on-call', 'offline') then @at else status_since end, " +
            "pending_status = case when not @active and status in ('ringing', 'on-call') then 'offline' when not @active then null else pending_status end, " +
            "pending_since = case when not @active and status in ('ringing', 'on-call') then @at when not @active then null else pending_since end " +
            "where id = @id",
            new { id, active, at = at.UtcDateTime }, cancellationToken: ct)) == 1;
    }

    /// <summary>Changes a worker's phone number (E.164, checked by the caller); false when there is no such worker.</summary>
    public async Task<bool> SetWorkerPhoneAsync(int id, string phone, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("update workers set phone = @phone where id = @id", new { id, phone }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// The call ringing or in progress for a worker: the caller's menu choice and how long they had waited when it was
    /// offered — never the caller's number. Null when the worker has no current call.
    /// </summary>
    public async Task<CurrentCall?> CurrentCallAsync(int workerId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // A call-back's turn has no call row of its own: its tags, and its window, are the request's.
        var row = await connection.QuerySingleOrDefaultAsync<(string CallSid, string? MenuChoice, int WaitSeconds, string? Tags, int? CallbackId, DateTime? WindowFrom, DateTime? WindowTo)?>(new CommandDefinition(
            "select q.call_sid, q.menu_choice, coalesce(q.wait_seconds, greatest(0, extract(epoch from (coalesce(q.offered_at, q.joined_at) - q.joined_at))::int)), " +
            "array_to_string(coalesce(c.tags, r.tags), ','), r.id, r.window_from, r.window_to " +
            "from workers w join queue_entries q on q.call_sid = w.current_call_sid left join calls c on c.call_sid = q.call_sid " +
            "left join callback_requests r on r.id = q.callback_id where w.id = @workerId",
            new { workerId }, cancellationToken: ct));
        return row is { } r
            ? new CurrentCall(r.CallSid, r.MenuChoice, r.WaitSeconds, CallTagsColumn.Read(r.Tags))
            {
                CallbackId = r.CallbackId,
                CallbackWindow = r.WindowFrom is { } from && r.WindowTo is { } to ? (Timestamps.FromDatabase(from), Timestamps.FromDatabase(to)) : null,
            }
            : null;
    }

    /// <summary>True when worker <paramref name="workerId"/> is being offered <paramref name="callSid"/> right now (their phone may ring for it).</summary>
    public async Task<bool> IsOfferCurrentAsync(string callSid, int workerId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from workers where id = @workerId and current_call_sid = @callSid and status = 'ringing')",
            new { callSid, workerId }, cancellationToken: ct));
    }
}
