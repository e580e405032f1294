using Dapper;
using Npgsql;

namespace Helpline.Data.Accounts;

/// <summary>
/// Sign-in accounts in PostgreSQL. Hashing is the caller's job (ASP.NET Core's <c>PasswordHasher</c> lives in the
/// host), so this store never sees a password. Logins are compared case-insensitively: a worker typing "Alice" or
/// "alice" is the same person.
/// </summary>
public sealed class AccountStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "a.id, a.login, a.password_hash as PasswordHash, a.role, a.worker_id as WorkerId, w.name as WorkerName, a.active, a.created_at as CreatedAt";

    /// <summary>The account with this login (any case), or null.</summary>
    public async Task<AccountRecord?> FindAsync(string login, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from accounts a left join workers w on w.id = a.worker_id where lower(a.login) = lower(@login)",
            new { login }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>The account with this id, or null.</summary>
    public async Task<AccountRecord?> GetAsync(int id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from accounts a left join workers w on w.id = a.worker_id where a.id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>Every account, by login.</summary>
    public async Task<IReadOnlyList<AccountRecord>> ListAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from accounts a left join workers w on w.id = a.worker_id order by lower(a.login)", cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// Creates an account; returns its id, or null when the login is taken (any case) or the worker does not exist.
    /// </summary>
    public async Task<int?> CreateAsync(string login, string passwordHash, string role, int? workerId, DateTimeOffset at, CancellationToken ct)
    {
        if (!AccountRoles.IsKnown(role))
        {
            throw new ArgumentException($"unknown role '{role}'", nameof(role));
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "insert into accounts (login, password_hash, role, worker_id, created_at) " +
            "select @login, @passwordHash, @role, @workerId, @at " +
            "where not exists (select 1 from accounts where lower(login) = lower(@login)) " +
            "and (@workerId::int is null or exists (select 1 from workers where id = @workerId)) returning id",
            new { login, passwordHash, role, workerId, at = at.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>Turns an account on or off; false when there is no such account.</summary>
    public async Task<bool> SetActiveAsync(int id, bool active, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("update accounts set active = @active where id = @id", new { id, active }, cancellationToken: ct)) == 1;
    }

    /// <summary>Replaces a password hash (a rehash after a hasher upgrade, or a new password).</summary>
    public async Task SetPasswordHashAsync(int id, string passwordHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("update accounts set password_hash = @passwordHash where id = @id", new { id, passwordHash }, cancellationToken: ct));
    }

    private sealed record Row(int Id, string Login, string PasswordHash, string Role, int? WorkerId, string? WorkerName, bool Active, DateTime CreatedAt)
    {
        public AccountRecord ToRecord() => new(Id, Login, PasswordHash, Role, WorkerId, WorkerName, Active, Timestamps.FromDatabase(CreatedAt));
    }
}
