using Helpline.Testing;
using Npgsql;

namespace Helpline.Data.Tests;

public sealed class HelplineDataSourceTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Create_applies_the_service_defaults()
    {
        await using var dataSource = HelplineDataSource.Create(db.ConnectionString);

        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);

        Assert.Equal((20, true, Math.Max(8, 4 * Environment.ProcessorCount), "helpline"),
            (settings.MaxAutoPrepare, settings.NoResetOnClose, settings.MaxPoolSize, settings.ApplicationName));
    }

    [Fact]
    public async Task Create_keeps_settings_given_in_the_connection_string()
    {
        var given = db.ConnectionString + ";max auto prepare=0;No Reset On Close=false;Maximum Pool Size=3;Application Name=outil";

        await using var dataSource = HelplineDataSource.Create(given);

        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal((0, false, 3, "outil"), (settings.MaxAutoPrepare, settings.NoResetOnClose, settings.MaxPoolSize, settings.ApplicationName));
    }

    [Fact]
    public async Task Sessions_are_named_helpline_in_pg_stat_activity()
    {
        await using var dataSource = HelplineDataSource.Create(db.ConnectionString);
        await using var command = dataSource.CreateCommand("select current_setting('application_name')");

        Assert.Equal("helpline", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Ping_is_true_when_the_database_answers()
    {
        Assert.True(await HelplineDataSource.PingAsync(db.DataSource, default));
    }

    [Fact]
    public async Task Ping_is_false_when_nothing_listens()
    {
        var nowhere = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Port = FreeTcpPort.Find(), Timeout = 2 }.ConnectionString;
        await using var dataSource = HelplineDataSource.Create(nowhere);

        Assert.False(await HelplineDataSource.PingAsync(dataSource, default));
    }

    [Fact]
    public async Task Ping_is_false_when_the_data_source_is_disposed()
    {
        var dataSource = HelplineDataSource.Create(db.ConnectionString);
        await dataSource.DisposeAsync();

        Assert.False(await HelplineDataSource.PingAsync(dataSource, default));
    }

    [Fact]
    public async Task Ping_is_false_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.False(await HelplineDataSource.PingAsync(db.DataSource, cancelled.Token));
    }
}
