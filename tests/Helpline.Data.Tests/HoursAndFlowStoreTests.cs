using Dapper;
using Helpline.Data.Flows;
using Helpline.Data.Hours;

namespace Helpline.Data.Tests;

public sealed class HoursAndFlowStoreTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task Override_is_set_replaced_cleared_and_each_change_logged()
    {
        var store = new HoursOverrideStore(db.DataSource);
        await store.ClearAsync(T0, "test", default);
        var before = await EventCountAsync();

        await store.SetAsync(new StoredHoursOverride("closed", T0.AddHours(2), "Formation", T0, "admin-token"), default);
        await store.SetAsync(new StoredHoursOverride("open", T0.AddHours(3), "Crise", T0.AddMinutes(1), "admin-token"), default);
        var stored = await store.GetAsync(default);
        var cleared = await store.ClearAsync(T0.AddMinutes(2), "admin-token", default);
        var clearedAgain = await store.ClearAsync(T0.AddMinutes(3), "admin-token", default);

        Assert.Equal(new StoredHoursOverride("open", T0.AddHours(3), "Crise", T0.AddMinutes(1), "admin-token"), stored);
        Assert.True(cleared);
        Assert.False(clearedAgain);
        Assert.Null(await store.GetAsync(default));
        Assert.Equal(before + 3, await EventCountAsync());
    }

    [Fact]
    public async Task Flow_version_is_stored_once_and_read_back()
    {
        var store = new FlowVersionStore(db.DataSource);
        var version = new FlowVersionRecord(Guid.NewGuid().ToString("N"), "essai", "callflows/essai.yaml", "flow: essai\n", T0);

        await store.SaveAsync(version, default);
        await store.SaveAsync(version with { Content = "changed" }, default);

        Assert.Equal(version, await store.GetAsync(version.Hash, default));
        Assert.Null(await store.GetAsync("unknown", default));
    }

    private async Task<long> EventCountAsync()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from service_events");
    }
}
