using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Helpline.Data.Migrations;

/// <summary>
/// Brings the schema up to date: applies the embedded <c>Migrations/NNNN_name.sql</c> scripts that the database has not
/// seen, in version order, each in its own transaction, and records each in <c>schema_migrations</c> with a checksum.
/// </summary>
/// <remarks>
/// <para>
/// Plain ordered SQL rather than DbUp or another migration library: fewer moving parts (one small class over the
/// Npgsql we already use), scripts read as the PostgreSQL they are, and the two guarantees we need are easy to state
/// here. First, instances starting together must not race: every read and write of <c>schema_migrations</c> happens
/// under a PostgreSQL advisory lock. Second, history must not be rewritten: a script already applied whose text
/// changed since is refused, naming the file (add a new script instead).
/// </para>
/// <para>
/// The lock is transaction-scoped (<c>pg_advisory_xact_lock</c>) and taken by each transaction: COMMIT or ROLLBACK
/// releases it whatever happens, whereas a session lock would outlive a failure on a pooled connection that is
/// returned without reset (<c>No Reset On Close</c>). Each script's transaction re-reads <c>schema_migrations</c> under
/// the lock, so a script another instance applied meanwhile is skipped. Rows for versions this build does not know (a
/// newer instance's migrations, during a rolling upgrade) are left alone.
/// </para>
/// <para>Idempotent: a second run applies nothing and returns an empty list. Scripts must be transactional (no
/// <c>create index concurrently</c>).</para>
/// </remarks>
/// <param name="dataSource">The service's data source.</param>
public sealed class MigrationRunner(NpgsqlDataSource dataSource)
{
    /// <summary>Our advisory lock's key ("Helpline" in ASCII), so no other lock user collides with it.</summary>
    private const long LockKey = 0x4865_6C70_6C69_6E65;

    private const string ResourcePrefix = "Helpline.Data.Migrations.";

    private static readonly Lazy<IReadOnlyList<MigrationScript>> Embedded = new(LoadScripts);

    /// <summary>The embedded scripts in version order.</summary>
    /// <exception cref="InvalidOperationException">A script's name does not start with a number, or two scripts share one.</exception>
    public static IReadOnlyList<MigrationScript> Scripts => Embedded.Value;

    /// <summary>Applies the pending scripts; returns the names of those this call applied, in order (empty when up to date).</summary>
    /// <param name="ct">Cancels the run; the script being applied is rolled back.</param>
    /// <exception cref="InvalidOperationException">An applied script has changed since; the message names its file.</exception>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken ct = default)
    {
        var scripts = Scripts;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        Dictionary<int, string> applied;
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await LockAsync(connection, transaction, ct);
            await ExecuteAsync(connection, transaction,
                "create table if not exists schema_migrations (version int primary key, name text not null, checksum text not null, applied_at timestamptz not null)", ct);
            applied = await ReadAppliedAsync(connection, transaction, ct);
            await transaction.CommitAsync(ct);
        }

        foreach (var script in scripts)
        {
            if (applied.TryGetValue(script.Version, out var checksum))
            {
                EnsureUnchanged(script, checksum);
            }
        }

        var done = new List<string>();
        foreach (var script in scripts.Where(s => !applied.ContainsKey(s.Version)))
        {
            if (await ApplyAsync(connection, script, ct))
            {
                done.Add(script.Name);
            }
        }

        return done;
    }

    /// <summary>Applies one script unless another instance did meanwhile; true when this call applied it.</summary>
    private static async Task<bool> ApplyAsync(NpgsqlConnection connection, MigrationScript script, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await LockAsync(connection, transaction, ct);
        var applied = await ReadAppliedAsync(connection, transaction, ct);
        if (applied.TryGetValue(script.Version, out var checksum))
        {
            EnsureUnchanged(script, checksum);
            return false;
        }

        await ExecuteAsync(connection, transaction, script.Sql, ct);
        await using (var record = new NpgsqlCommand(
            "insert into schema_migrations (version, name, checksum, applied_at) values ($1, $2, $3, now())", connection, transaction))
        {
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = script.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = script.Name });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = script.Checksum });
            await record.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    private static void EnsureUnchanged(MigrationScript script, string appliedChecksum)
    {
        if (!string.Equals(appliedChecksum, script.Checksum, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Migration {script.Name} was changed after it was applied to this database (checksum {appliedChecksum} there, {script.Checksum} now). " +
                $"Restore the applied text of src/Helpline.Data/Migrations/{script.Name} and put the change in a new, higher-numbered script.");
        }
    }

    private static Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        ExecuteAsync(connection, transaction, $"select pg_advisory_xact_lock({LockKey})", ct);

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("select version, checksum from schema_migrations", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static List<MigrationScript> LoadScripts()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            var separator = name.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(name.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration {name} must be named NNNN_description.sql (a version number, an underscore, a description).");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd();
            scripts.Add(new MigrationScript(version, name, sql, Checksum(sql)));
        }

        var clash = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new InvalidOperationException($"Migrations {string.Join(" and ", clash.Select(s => s.Name))} share version {clash.Key}; renumber one of them.");
        }

        return scripts.OrderBy(s => s.Version).ToList();
    }

    private static string Checksum(string sql) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
}
