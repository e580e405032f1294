using Helpline.Data.Flows;
using static Helpline.Data.Tests.TestCalls;

namespace Helpline.Data.Tests;

public sealed class FlowVersionStoreTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private readonly FlowVersionStore _store = new(db.DataSource);

    [Fact]
    public async Task Saved_version_reads_back_whole()
    {
        var version = Version();

        await _store.SaveAsync(version, default);

        Assert.Equal(version, await _store.GetAsync(version.Hash, default));
    }

    [Fact]
    public async Task Saving_a_known_hash_again_keeps_the_first_copy()
    {
        var version = Version();
        await _store.SaveAsync(version, default);

        await _store.SaveAsync(version with { SourcePath = "ailleurs.yaml", LoadedAt = T0.AddDays(1) }, default);

        Assert.Equal(version, await _store.GetAsync(version.Hash, default));
    }

    [Fact]
    public async Task Unknown_hash_reads_as_null()
    {
        Assert.Null(await _store.GetAsync("no-such-hash", default));
    }

    private static FlowVersionRecord Version() =>
        new(Guid.NewGuid().ToString("N"), "un-premier-pas", "callflows/un-premier-pas.yaml", "flow: un-premier-pas\nstart: accueil\n", T0);
}
