using Dapper;
using Helpline.Data.Hours;
using Helpline.Data.Migrations;
using Helpline.Testing;
using Npgsql;
using static Helpline.Data.Tests.TestCalls;

namespace Helpline.Data.Tests;

/// <summary>The single-row hours override; each test has its own database, as the row is shared by design.</summary>
public sealed class HoursOverrideStoreTests : IAsyncLifetime
{
    private static readonly StoredHoursOverride Closure = new("closed", T0.AddHours(2), "Formation de l'équipe", T0, "admin-token");
    private NpgsqlDataSource _dataSource = null!;
    private HoursOverrideStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = HelplineDataSource.Create(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("hours"));
        await new MigrationRunner(_dataSource).RunAsync();
        _store = new HoursOverrideStore(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Nothing_set_reads_as_null()
    {
        Assert.Null(await _store.GetAsync(default));
    }

    [Fact]
    public async Task Set_stores_the_override_and_logs_it()
    {
        await _store.SetAsync(Closure, default);

        Assert.Equal(Closure, await _store.GetAsync(default));
        var logged = Assert.Single(await ServiceEventsAsync());
        Assert.Equal((HoursOverrideStore.SetEventKind, T0), (logged.Kind, logged.At));
        Assert.Equal(("closed", "Formation de l'équipe", "admin-token"), (logged.Detail.Mode, logged.Detail.Reason, logged.Detail.By));
        Assert.Equal(T0.AddHours(2), logged.Detail.Until);
    }

    [Fact]
    public async Task Set_replaces_the_previous_override_and_logs_each()
    {
        await _store.SetAsync(Closure, default);
        var opening = new StoredHoursOverride("open", T0.AddHours(5), "Crise", T0.AddMinutes(1), null);

        await _store.SetAsync(opening, default);

        Assert.Equal(opening, await _store.GetAsync(default));
        Assert.Equal(["closed", "open"], (await ServiceEventsAsync()).Select(e => e.Detail.Mode));
    }

    [Fact]
    public async Task Expired_override_is_still_returned_for_the_caller_to_judge()
    {
        var expired = Closure with { Until = T0.AddDays(-1) };

        await _store.SetAsync(expired, default);

        Assert.Equal(expired, await _store.GetAsync(default));
    }

    [Fact]
    public async Task Clear_removes_the_override_and_logs_what_it_was()
    {
        await _store.SetAsync(Closure, default);

        var cleared = await _store.ClearAsync(T0.AddMinutes(30), "someone", default);

        Assert.True(cleared);
        Assert.Null(await _store.GetAsync(default));
        var logged = (await ServiceEventsAsync())[^1];
        Assert.Equal((HoursOverrideStore.ClearedEventKind, T0.AddMinutes(30), "closed", "someone"), (logged.Kind, logged.At, logged.Detail.Mode, logged.Detail.By));
    }

    [Fact]
    public async Task Clear_with_nothing_set_returns_false_and_logs_nothing()
    {
        var cleared = await _store.ClearAsync(T0, "someone", default);

        Assert.False(cleared);
        Assert.Empty(await ServiceEventsAsync());
    }

    [Fact]
    public async Task Unknown_mode_is_refused_before_reaching_the_database()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SetAsync(Closure with { Mode = "ferme" }, default));

        Assert.Null(await _store.GetAsync(default));
    }

    private async Task<List<(string Kind, DateTimeOffset At, Detail Detail)>> ServiceEventsAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string Kind, DateTime At, string Mode, DateTime Until, string Reason, string? By)>(
            "select kind, at, detail->>'mode', (detail->>'until')::timestamptz, detail->>'reason', detail->>'by' from service_events order by id");
        return rows.Select(r => (r.Kind, ToInstant(r.At), new Detail(r.Mode, ToInstant(r.Until), r.Reason, r.By))).ToList();
    }

    private static DateTimeOffset ToInstant(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    private sealed record Detail(string Mode, DateTimeOffset Until, string Reason, string? By);
}
