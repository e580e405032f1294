using Dapper;
using Helpline.Data.Migrations;
using Helpline.Testing;
using Npgsql;

namespace Helpline.Data.Tests;

/// <summary>The migration runner on fresh databases (one per test: each test needs an unmigrated one).</summary>
public sealed class MigrationRunnerTests
{
    /// <summary>
    /// Numbers taken by a migration of a branch not merged here yet: 0003 is the dashboard's (0003_dashboard.sql), so
    /// the retention migration is 0004 on both sides of the merge. Present or absent, a reserved number is no gap.
    /// </summary>
    private static readonly int[] ReservedElsewhere = [3];

    [Fact]
    public void Embedded_scripts_are_numbered_from_one_without_gaps()
    {
        var versions = MigrationRunner.Scripts.Select(s => s.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Max()).Where(v => versions.Contains(v) || !ReservedElsewhere.Contains(v)), versions);
        Assert.Equal("0001_initial.sql", MigrationRunner.Scripts[0].Name);
    }

    [Fact]
    public async Task Fresh_database_gets_every_migration_in_version_order()
    {
        await using var dataSource = await FreshAsync();

        var applied = await new MigrationRunner(dataSource).RunAsync();

        Assert.Equal(MigrationRunner.Scripts.Select(s => s.Name), applied);
        await using var connection = await dataSource.OpenConnectionAsync();
        var tables = await connection.QueryAsync<string>("select table_name from information_schema.tables where table_schema = 'public'");
        Assert.Superset(new HashSet<string> { "schema_migrations", "calls", "call_events", "flow_versions", "hours_override", "service_events" }, tables.ToHashSet());
        var recorded = await connection.QueryAsync<(int Version, string Name, string Checksum)>("select version, name, checksum from schema_migrations order by version");
        Assert.Equal(MigrationRunner.Scripts.Select(s => (s.Version, s.Name, s.Checksum)), recorded);
    }

    [Fact]
    public async Task Second_run_applies_nothing()
    {
        await using var dataSource = await FreshAsync();
        await new MigrationRunner(dataSource).RunAsync();

        var second = await new MigrationRunner(dataSource).RunAsync();

        Assert.Empty(second);
    }

    [Fact]
    public async Task Instances_starting_together_apply_each_migration_once()
    {
        var connectionString = await FreshDatabaseAsync();
        var instances = Enumerable.Range(0, 4).Select(_ => HelplineDataSource.Create(connectionString)).ToList();
        try
        {
            var results = await Task.WhenAll(instances.Select(d => Task.Run(() => new MigrationRunner(d).RunAsync())));

            Assert.Equal(MigrationRunner.Scripts.Select(s => s.Name), results.SelectMany(r => r).Order(StringComparer.Ordinal));
            await using var connection = await instances[0].OpenConnectionAsync();
            Assert.Equal(MigrationRunner.Scripts.Count, await connection.ExecuteScalarAsync<int>("select count(*) from schema_migrations"));
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Applied_migration_whose_text_changed_is_refused_naming_its_file()
    {
        await using var dataSource = await FreshAsync();
        await new MigrationRunner(dataSource).RunAsync();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update schema_migrations set checksum = 'as-applied-then' where version = 1");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new MigrationRunner(dataSource).RunAsync());

        Assert.Contains("0001_initial.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("new", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versions_unknown_to_this_build_are_left_alone()
    {
        await using var dataSource = await FreshAsync();
        await new MigrationRunner(dataSource).RunAsync();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("insert into schema_migrations (version, name, checksum, applied_at) values (9999, '9999_from_a_newer_build.sql', 'x', now())");
        }

        Assert.Empty(await new MigrationRunner(dataSource).RunAsync());
    }

    private static async Task<string> FreshDatabaseAsync() => await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("migrations");

    private static async Task<NpgsqlDataSource> FreshAsync() => HelplineDataSource.Create(await FreshDatabaseAsync());
}
