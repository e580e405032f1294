using System.Diagnostics;
using System.Globalization;
using Dapper;
using Helpline.Testing;
using Npgsql;

namespace Helpline.Data.Tests;

/// <summary>The shared test server itself: one per process, isolated databases.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task Shared_server_is_one_per_process()
    {
        var servers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(PostgresServer.SharedAsync)));

        Assert.Single(servers.Distinct());
    }

    [Fact]
    public async Task Each_created_database_is_new_and_empty()
    {
        var server = await PostgresServer.SharedAsync();

        var first = await server.CreateDatabaseAsync("Isolation Test/with odd-characters and a rather long prefix");
        var second = await server.CreateDatabaseAsync("Isolation Test/with odd-characters and a rather long prefix");

        var (firstName, secondName) = (new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);
        Assert.NotEqual(firstName, secondName);
        Assert.StartsWith("isolation_test_with_odd_", firstName, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(first);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from information_schema.tables where table_schema = 'public'"));
        Assert.Equal(("127.0.0.1", server.Port, "postgres"), (new NpgsqlConnectionStringBuilder(first).Host, new NpgsqlConnectionStringBuilder(first).Port, new NpgsqlConnectionStringBuilder(first).Username));
    }

    [Fact]
    public async Task Server_runs_with_the_test_only_settings()
    {
        var server = await PostgresServer.SharedAsync();
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);

        var settings = await connection.QueryAsync<(string Name, string Setting)>(
            "select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'max_connections', 'listen_addresses') order by name");

        Assert.Equal(
            [("fsync", "off"), ("full_page_writes", "off"), ("listen_addresses", "127.0.0.1"), ("max_connections", "200"), ("synchronous_commit", "off")],
            settings);
    }

    [Fact]
    public async Task Own_server_sweeps_folders_of_dead_runs_and_goes_away_when_disposed()
    {
        var self = Environment.ProcessId;
        var started = new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime()).ToUnixTimeSeconds();
        var deadRun = Directory.CreateTempSubdirectory(string.Create(CultureInfo.InvariantCulture, $"helpline-pg-{self}-{started - 3600}-")).FullName; // our pid, reused
        var liveRun = Directory.CreateTempSubdirectory(string.Create(CultureInfo.InvariantCulture, $"helpline-pg-{self}-{started}-")).FullName;
        var unknownRecent = Directory.CreateTempSubdirectory("helpline-pg-").FullName;
        try
        {
            var server = await PostgresServer.StartAsync();
            await using (server)
            {
                Assert.False(Directory.Exists(deadRun), "the folder of a dead run is swept");
                Assert.True(Directory.Exists(liveRun), "the folder of a live run is kept");
                Assert.True(Directory.Exists(unknownRecent), "a recent folder whose owner is unknown is kept");
                await using var connection = new NpgsqlConnection(server.AdminConnectionString);
                Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select 1"));
            }

            Assert.False(Directory.Exists(server.Folder));
        }
        finally
        {
            Directory.Delete(liveRun);
            Directory.Delete(unknownRecent);
        }
    }
}
