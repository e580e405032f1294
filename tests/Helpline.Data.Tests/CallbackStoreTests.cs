using Dapper;
using Helpline.Data.Callbacks;
using Helpline.Data.Routing;

namespace Helpline.Data.Tests;

/// <summary>
/// Call-back requests on a real PostgreSQL (issue 13): two dispatchers racing for one request, and the number erased by
/// whatever ends a request.
/// </summary>
public sealed class CallbackStoreTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task Two_dispatchers_racing_for_one_call_back_request_give_it_to_exactly_one_worker()
    {
        var routing = new RoutingStore(db.DataSource);
        var callbacks = new CallbackStore(db.DataSource);
        await routing.SeedWorkersAsync([("Race A", "+33610000101"), ("Race B", "+33610000102")], T0, default);
        var workers = (await routing.ListWorkersAsync(default)).Where(w => w.Name.StartsWith("Race", StringComparison.Ordinal)).Select(w => w.Id).ToArray();

        for (var round = 0; round < 25; round++)
        {
            var now = T0.AddMinutes(round);
            foreach (var worker in workers)
            {
                await routing.SetWorkerStatusAsync(worker, WorkerStatuses.Available, now, default);
            }

            var id = await callbacks.RequestAsync(Consent(now), "4", [], now, default);

            var both = await Task.WhenAll(routing.TryAssignAsync(now, default), routing.TryAssignAsync(now, default));

            var taken = both.Where(a => a?.Callback?.Id == id).ToList();
            Assert.True(taken.Count == 1, $"round {round}: request {id} was taken {taken.Count} times");
            await using var connection = await db.DataSource.OpenConnectionAsync();
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from workers where current_call_sid = @key and status = 'ringing'", new { key = CallbackKeys.For(id) }));
            Assert.Equal("offered", await connection.ExecuteScalarAsync<string>("select status from queue_entries where callback_id = @id", new { id }));

            Assert.True(await callbacks.CancelAsync(id, "test", now.AddSeconds(5), default)); // frees the ringing worker
        }
    }

    [Fact]
    public async Task Cancelling_a_request_erases_its_number_and_closes_its_turn_once()
    {
        var callbacks = new CallbackStore(db.DataSource);
        var id = await callbacks.RequestAsync(Consent(T0) with { WindowFrom = T0.AddHours(4), WindowTo = T0.AddHours(6) }, null, [], T0, default);

        var first = await callbacks.CancelAsync(id, "supervisor:chef", T0.AddMinutes(1), default);
        var second = await callbacks.CancelAsync(id, "supervisor:chef", T0.AddMinutes(2), default);

        Assert.True(first);
        Assert.False(second);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var (status, number) = await connection.QuerySingleAsync<(string, string?)>("select status, number_protected from callback_requests where id = @id", new { id });
        Assert.Equal(("cancelled", null), (status, number));
        Assert.Equal("closed", await connection.ExecuteScalarAsync<string>("select status from queue_entries where callback_id = @id", new { id }));
        Assert.Empty(await callbacks.PendingAsync(default));
    }

    [Fact]
    public async Task One_consent_recorded_twice_at_once_is_one_request()
    {
        var callbacks = new CallbackStore(db.DataSource);
        var consent = Consent(T0) with { WindowFrom = T0.AddHours(4), WindowTo = T0.AddHours(6), CallSid = "CA-one-consent-" + Guid.NewGuid().ToString("N") };

        // A provider retry arriving while the first answer is still being written: both see no request yet.
        var ids = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => callbacks.RequestAsync(consent, null, [], T0, default)));
        var again = await callbacks.RequestAsync(consent, null, [], T0.AddSeconds(10), default);

        Assert.All(ids, id => Assert.Equal(ids[0], id));
        Assert.Equal(ids[0], again);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*)::int from callback_requests where call_sid = @sid", new { sid = consent.CallSid }));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*)::int from queue_entries where callback_id = @id", new { id = ids[0] }));
        Assert.True(await callbacks.CancelAsync(ids[0], "test clean-up", T0.AddMinutes(1), default));
    }

    /// <summary>A consent as the server records it: the number already encrypted (here an opaque stand-in), the window open now.</summary>
    private static CallbackConsent Consent(DateTimeOffset now) =>
        new("protected-number-stand-in", "number-hash", "caller-hash", "des-que-possible", now, now.AddHours(2), false, "helpline", "Récapitulatif sans numéro", now)
        {
            HelplineNumber = "+33320000000",
        };
}
