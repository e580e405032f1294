using Dapper;
using Npgsql;

namespace Helpline.Data.Flows;

/// <summary>
/// Every flow version that has served calls (<c>flow_versions</c>), keyed by content hash: lets a restarted instance
/// finish calls that began on an older version of the flow.
/// </summary>
/// <remarks>Thread-safe. A stored version never changes (same hash, same text), so saving is idempotent.</remarks>
/// <param name="dataSource">The service's data source.</param>
public sealed class FlowVersionStore(NpgsqlDataSource dataSource)
{
    /// <summary>Stores a version unless its hash is already stored (the first copy and its load time are kept).</summary>
    /// <param name="version">The version.</param>
    /// <param name="ct">Cancels the statement.</param>
    public async Task SaveAsync(FlowVersionRecord version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into flow_versions (hash, name, source_path, content, first_loaded_at) values (@Hash, @Name, @SourcePath, @Content, @LoadedAt) " +
            "on conflict (hash) do nothing",
            new { version.Hash, version.Name, version.SourcePath, version.Content, LoadedAt = Timestamps.ToDatabase(version.LoadedAt) },
            cancellationToken: ct));
    }

    /// <summary>The version with this hash, or null.</summary>
    /// <param name="hash">The content hash.</param>
    /// <param name="ct">Cancels the query.</param>
    public async Task<FlowVersionRecord?> GetAsync(string hash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "select hash, name, source_path as SourcePath, content, first_loaded_at as LoadedAt from flow_versions where hash = @hash",
            new { hash }, cancellationToken: ct));
        return row is null ? null : new FlowVersionRecord(row.Hash, row.Name, row.SourcePath, row.Content, Timestamps.FromDatabase(row.LoadedAt));
    }

    private sealed record Row(string Hash, string Name, string SourcePath, string Content, DateTime LoadedAt);
}
