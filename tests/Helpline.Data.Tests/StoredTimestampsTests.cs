using Helpline.Data.Calls;
using Helpline.Data.Flows;
using Helpline.Data.Hours;
using Npgsql;
using static Helpline.Data.Tests.TestCalls;

namespace Helpline.Data.Tests;

/// <summary>
/// Instants go in as <see cref="DateTimeOffset"/> with any offset and come back as the same instant to the microsecond,
/// whatever the session's time zone (Npgsql 10 reads <c>timestamptz</c> as UTC <see cref="DateTime"/>).
/// </summary>
public sealed class StoredTimestampsTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    /// <summary>Chatham Islands: +13:45 in summer, an offset no default would match by chance.</summary>
    private const string FarTimeZone = "Pacific/Chatham";

    public static TheoryData<string, DateTimeOffset> Instants => new()
    {
        { "Paris winter, microseconds", new DateTimeOffset(2026, 11, 24, 10, 0, 0, 123, 456, TimeSpan.FromHours(1)) },
        { "Paris summer, last microsecond of a second", new DateTimeOffset(2026, 7, 14, 23, 59, 59, 999, 999, TimeSpan.FromHours(2)) },
        { "UTC, whole second", new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero) },
        { "negative offset", new DateTimeOffset(2026, 3, 29, 1, 30, 0, 0, 1, TimeSpan.FromHours(-5)) },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public async Task Call_and_event_instants_round_trip_to_the_microsecond(string @case, DateTimeOffset at)
    {
        Assert.NotEmpty(@case); // names the row in the test report
        var store = new CallStore(db.DataSource);
        var sid = Sid();

        await store.StartAsync(NewCall(sid, startedAt: at), Step("accueil", 1, at: at.AddTicks(10)), default);
        await store.CompleteAsync(new CallCompletion(sid, "completed", 1, at.AddTicks(20), null), default);
        await store.AppendEventAsync(sid, new CallEventRecord("note", null, null, null, null), at.AddTicks(30), default);

        var call = (await store.GetAsync(sid, default))!;
        var events = await store.GetEventsAsync(sid, default);
        Assert.Equal((at, at.AddTicks(20), at.AddTicks(20)), (call.StartedAt, call.UpdatedAt, call.EndedAt!.Value));
        Assert.Equal([at.AddTicks(10), at.AddTicks(20), at.AddTicks(30)], events.Select(e => e.At));
    }

    [Fact]
    public async Task Instants_do_not_depend_on_the_session_time_zone()
    {
        var far = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Timezone = FarTimeZone }.ConnectionString;
        await using var farSource = HelplineDataSource.Create(far);
        var sid = Sid();
        var version = new FlowVersionRecord(Guid.NewGuid().ToString("N"), "f", "f.yaml", "x", T0);

        await new CallStore(farSource).StartAsync(NewCall(sid), Step("accueil", 1), default);
        await new FlowVersionStore(farSource).SaveAsync(version, default);
        await new HoursOverrideStore(farSource).SetAsync(new StoredHoursOverride("open", T0.AddHours(1), "r", T0, null), default);

        Assert.Equal(T0, (await new CallStore(db.DataSource).GetAsync(sid, default))!.StartedAt);
        Assert.Equal(T0, (await new FlowVersionStore(db.DataSource).GetAsync(version.Hash, default))!.LoadedAt);
        Assert.Equal(T0.AddHours(1), (await new HoursOverrideStore(db.DataSource).GetAsync(default))!.Until);
        Assert.Equal(T0.AddHours(1), (await new HoursOverrideStore(farSource).GetAsync(default))!.Until);
    }

    [Fact]
    public async Task Instants_come_back_in_utc()
    {
        var store = new CallStore(db.DataSource);
        var sid = Sid();

        await store.StartAsync(NewCall(sid), Step("accueil", 1), default);

        Assert.Equal(TimeSpan.Zero, (await store.GetAsync(sid, default))!.StartedAt.Offset);
    }
}
