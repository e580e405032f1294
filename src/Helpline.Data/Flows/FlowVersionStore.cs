using Dapper;
using Npgsql;

namespace Helpline.Data.Flows;

/// <summary>Every flow version that has served calls (<c>flow_versions</c>), keyed by content hash.</summary>
public sealed class FlowVersionStore(NpgsqlDataSource dataSource)
{
    /// <summary>Stores a version if it is not stored yet.</summary>
    public async Task SaveAsync(FlowVersionRecord version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into flow_versions (hash, name, source_path, content, first_loaded_at) values (@Hash, @Name, @SourcePath, @Content, @At) on conflict (hash) do nothing",
            new { version.Hash, version.Name, version.SourcePath, version.Content, At = version.LoadedAt.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>The version with this hash, or null.</summary>
    public async Task<FlowVersionRecord?> GetAsync(string hash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "select hash, name, source_path, content, first_loaded_at from flow_versions where hash = @hash", new { hash }, cancellationToken: ct));
        return row is null ? null : new FlowVersionRecord(row.Hash, row.Name, row.Source_Path, row.Content, Calls.CallStore.Utc(row.First_Loaded_At));
    }

    private sealed record Row(string Hash, string Name, string Source_Path, string Content, DateTime First_Loaded_At);
}
