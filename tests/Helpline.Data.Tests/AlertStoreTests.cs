using Dapper;
using Helpline.Data.Alerts;
using Helpline.Data.Migrations;
using Helpline.Testing;
using Npgsql;
using static Helpline.Data.Tests.TestCalls;

namespace Helpline.Data.Tests;

/// <summary>
/// The supervisors' alert records: one row per alert from start to end, and the database deciding between instances
/// that see the same start or end at once (only one records it, so only one mails it). Each test has its own database.
/// </summary>
public sealed class AlertStoreTests : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;
    private AlertStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = HelplineDataSource.Create(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("alerts"));
        await new MigrationRunner(_dataSource).RunAsync();
        _store = new AlertStore(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Start_then_end_is_one_row_with_its_measure_and_who_recorded_each()
    {
        Assert.True(await _store.StartAsync("oldest-wait", string.Empty, T0, null, "{\"seconds\":301}", "ecoute-1:5081", default));
        Assert.Single(await _store.OpenAsync(default));

        Assert.True(await _store.EndAsync("oldest-wait", string.Empty, T0.AddMinutes(3), "ecoute-2:5082", default));

        Assert.Empty(await _store.OpenAsync(default));
        var row = Assert.Single(await _store.StartedSinceAsync(T0, default));
        Assert.Equal(("oldest-wait", string.Empty, T0, (DateTimeOffset?)T0.AddMinutes(3)), (row.Kind, row.Scope, row.StartedAt, row.EndedAt));
        await using var connection = await _dataSource.OpenConnectionAsync();
        var stored = await connection.QuerySingleAsync<(string Measure, string StartedBy, string EndedBy)>(
            "select measure::text, started_by, ended_by from alert_events");
        Assert.Equal(("{\"seconds\": 301}", "ecoute-1:5081", "ecoute-2:5082"), stored);
    }

    [Fact]
    public async Task Two_instances_seeing_the_same_start_and_end_at_once_record_each_once()
    {
        var starts = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => _store.StartAsync("caller-burst", string.Empty, T0, null, "{\"count\":7}", $"ecoute-{i}", default)));
        Assert.Equal(1, starts.Count(recorded => recorded));

        var ends = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => _store.EndAsync("caller-burst", string.Empty, T0.AddMinutes(1), $"ecoute-{i}", default)));
        Assert.Equal(1, ends.Count(ended => ended));

        Assert.Single(await _store.StartedSinceAsync(T0, default));
        Assert.True(await _store.StartAsync("caller-burst", string.Empty, T0.AddMinutes(2), null, null, "ecoute-1", default)); // a new alert after the end
        Assert.Equal(2, (await _store.StartedSinceAsync(T0, default)).Count);
    }

    [Fact]
    public async Task An_instance_alert_that_came_and_went_while_the_database_was_away_is_recorded_whole_with_its_real_times()
    {
        Assert.True(await _store.StartAsync("database-unreachable", "ecoute-1", T0, T0.AddMinutes(4), null, "ecoute-1", default));
        Assert.True(await _store.StartAsync("database-unreachable", "ecoute-2", T0, null, null, "ecoute-2", default)); // another instance's is its own

        var rows = await _store.StartedSinceAsync(T0, default);
        Assert.Equal([("ecoute-1", (DateTimeOffset?)T0.AddMinutes(4)), ("ecoute-2", null)], rows.Select(r => (r.Scope, r.EndedAt)).ToList());
        Assert.False(await _store.EndAsync("database-unreachable", "ecoute-1", T0.AddMinutes(5), "ecoute-1", default)); // nothing open under its name
    }

    [Fact]
    public async Task An_end_is_never_before_its_start()
    {
        await _store.StartAsync("journal-not-empty", "ecoute-1", T0, null, "{\"count\":2}", "ecoute-1", default);

        Assert.True(await _store.EndAsync("journal-not-empty", "ecoute-1", T0.AddSeconds(-10), "ecoute-1", default)); // a clock a little behind

        Assert.Equal(T0, (await _store.StartedSinceAsync(T0, default)).Single().EndedAt);
    }
}
