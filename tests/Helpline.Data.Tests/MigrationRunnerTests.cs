using Dapper;
using Helpline.Data.Migrations;
using Helpline.Testing;
using Npgsql;

namespace Helpline.Data.Tests;

public sealed class MigrationRunnerTests
{
    [Fact]
    public async Task Fresh_database_gets_every_migration_once()
    {
        await using var dataSource = await FreshAsync();

        var first = await new MigrationRunner(dataSource).RunAsync();
        var second = await new MigrationRunner(dataSource).RunAsync();

        Assert.Equal(MigrationRunner.Scripts.Select(s => s.Name), first);
        Assert.Empty(second);
    }

    [Fact]
    public async Task Two_instances_starting_together_apply_each_migration_once()
    {
        await using var dataSource = await FreshAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new MigrationRunner(dataSource).RunAsync())));

        Assert.Equal(MigrationRunner.Scripts.Count, results.Sum(r => r.Count));
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(MigrationRunner.Scripts.Count, await connection.ExecuteScalarAsync<int>("select count(*) from schema_migrations"));
    }

    [Fact]
    public async Task Edited_applied_migration_is_refused_with_its_name()
    {
        await using var dataSource = await FreshAsync();
        await new MigrationRunner(dataSource).RunAsync();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update schema_migrations set checksum = 'edited' where version = 1");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new MigrationRunner(dataSource).RunAsync());

        Assert.Contains("0001_initial.sql", error.Message, StringComparison.Ordinal);
    }

    private static async Task<NpgsqlDataSource> FreshAsync()
    {
        var server = await PostgresServer.SharedAsync();
        return HelplineDataSource.Create(await server.CreateDatabaseAsync("migrations"));
    }
}
