using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Helpline.Data.Migrations;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_name.sql</c> scripts in order, each in its own transaction, recording them in
/// <c>schema_migrations</c> with a checksum. Plain ordered SQL rather than DbUp: fewer moving parts, and we need a
/// PostgreSQL advisory lock so two instances starting together never apply a script twice. An applied script whose text
/// changed is an error (write a new script instead).
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource)
{
    /// <summary>Arbitrary constant identifying our migration lock.</summary>
    private const long LockKey = 0x4865_6C70_6C69_6E65; // "Helpline"

    /// <summary>The embedded scripts, in order: (version, name, sql).</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = LoadScripts();

    /// <summary>Applies pending scripts; returns the names applied (empty when up to date).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Execute(connection, null, $"select pg_advisory_lock({LockKey})", ct);
        try
        {
            await Execute(connection, null, "create table if not exists schema_migrations (version int primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())", ct);
            var applied = new Dictionary<int, (string Name, string Checksum)>();
            await using (var command = new NpgsqlCommand("select version, name, checksum from schema_migrations", connection))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
                }
            }

            var done = new List<string>();
            foreach (var (version, name, sql) in Scripts)
            {
                var checksum = Checksum(sql);
                if (applied.TryGetValue(version, out var existing))
                {
                    if (existing.Checksum != checksum)
                    {
                        throw new InvalidOperationException($"migration {name} was changed after it was applied (checksum {existing.Checksum} in the database, {checksum} now); add a new migration instead of editing an applied one");
                    }

                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(ct);
                await Execute(connection, transaction, sql, ct);
                await using (var record = new NpgsqlCommand("insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", connection, transaction))
                {
                    record.Parameters.AddWithValue(version);
                    record.Parameters.AddWithValue(name);
                    record.Parameters.AddWithValue(checksum);
                    await record.ExecuteNonQueryAsync(ct);
                }

                await transaction.CommitAsync(ct);
                done.Add(name);
            }

            return done;
        }
        finally
        {
            await Execute(connection, null, $"select pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string Checksum(string sql) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));

    private static List<(int, string, string)> LoadScripts()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        const string prefix = "Helpline.Data.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..];
                var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return (version, name, reader.ReadToEnd());
            })
            .OrderBy(s => s.version)
            .ToList();
    }
}
