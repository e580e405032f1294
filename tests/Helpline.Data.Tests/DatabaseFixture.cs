using Helpline.Data.Migrations;
using Helpline.Testing;
using Npgsql;

namespace Helpline.Data.Tests;

/// <summary>A fresh, migrated database on the test run's real PostgreSQL, one per test class.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = string.Empty;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        ConnectionString = await server.CreateDatabaseAsync("data");
        DataSource = HelplineDataSource.Create(ConnectionString);
        await new MigrationRunner(DataSource).RunAsync();
    }

    public async Task DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }
    }
}
