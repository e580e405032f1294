using Dapper;
using Helpline.Data.Routing;

namespace Helpline.Data.Tests;

/// <summary>
/// Two dispatchers on one real PostgreSQL through thousands of randomized events (callers joining and hanging up,
/// workers changing status, answering, missing calls), checking the routing invariants after every step: no worker
/// with two calls, no call with two workers, and at the end every caller answered, abandoned or overflowed and no
/// worker stuck ringing.
/// </summary>
public sealed class RoutingConcurrencyTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task Two_dispatchers_never_double_assign_and_nobody_is_lost()
    {
        var store = new RoutingStore(db.DataSource);
        await store.SeedWorkersAsync(Enumerable.Range(1, 4).Select(i => ($"W{i}", $"+3361000000{i}")), T0, default);
        var workers = (await store.ListWorkersAsync(default)).Select(w => w.Id).ToArray();
        var random = new Random(20261124);
        var callers = new List<string>();
        var now = T0;
        const int Steps = 2_000;

        for (var step = 0; step < Steps; step++)
        {
            now = now.AddSeconds(random.Next(1, 20));
            var roll = random.Next(100);
            if (roll < 25)
            {
                var sid = $"CA{step:D32}";
                callers.Add(sid);
                await store.JoinQueueAsync(sid, "ecoutantes", random.Next(2) == 0 ? "4" : null, now, default);
            }
            else if (roll < 35 && callers.Count > 0)
            {
                await store.LeaveQueueAsync(callers[random.Next(callers.Count)], random.Next(2) == 0 ? "abandoned" : "overflowed", now, default);
            }
            else if (roll < 50)
            {
                await store.SetWorkerStatusAsync(workers[random.Next(workers.Length)], Pick(random, "available", "available", "pause", "offline"), now, default);
            }
            else if (roll < 75)
            {
                await ResolveOffersAsync(store, random, now);
            }
            else
            {
                // Both dispatchers race for the same rows.
                await Task.WhenAll(Dispatch(store, now), Dispatch(store, now));
            }

            if (step % 97 == 0)
            {
                await store.SweepAsync(now, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(60), default);
            }

            await AssertInvariantsAsync(step);
        }

        // Drain: everybody available, offers resolved as answered, until nobody waits.
        for (var round = 0; round < 200; round++)
        {
            now = now.AddMinutes(5);
            await store.SweepAsync(now, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(60), default);
            foreach (var worker in workers)
            {
                await store.SetWorkerStatusAsync(worker, "available", now, default);
            }

            await Task.WhenAll(Dispatch(store, now), Dispatch(store, now));
            await ResolveOffersAsync(store, random, now, alwaysAnswer: true);
            await AssertInvariantsAsync(Steps + round);
            if ((await store.QueueAsync(now, default)).Count == 0)
            {
                break;
            }
        }

        // The last conversations end, then wrap-ups run out.
        await ResolveOffersAsync(store, random, now, alwaysAnswer: true);
        await ResolveOffersAsync(store, random, now, alwaysAnswer: true);
        now = now.AddHours(1);
        await store.SweepAsync(now, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(60), default);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var unfinished = await connection.ExecuteScalarAsync<long>("select count(*) from queue_entries where status not in ('answered', 'abandoned', 'overflowed')");
        var stuck = await connection.ExecuteScalarAsync<long>("select count(*) from workers where status in ('ringing', 'on-call', 'wrap-up')");
        Assert.Equal(0, unfinished);
        Assert.Equal(0, stuck);
        Assert.True(await connection.ExecuteScalarAsync<long>("select count(*) from queue_entries where status = 'answered'") > 50, "the scenario should answer many calls");
    }

    private static async Task Dispatch(RoutingStore store, DateTimeOffset now)
    {
        while (await store.TryAssignAsync(now, default) is not null)
        {
        }
    }

    /// <summary>
    /// Every offer is resolved at random: the worker picks up (and the dial then ends bridged, or not taken, or with the
    /// caller gone), misses, or the redirect fails; statuses are also chosen while calls ring, so pending choices meet
    /// every resolution.
    /// </summary>
    private async Task ResolveOffersAsync(RoutingStore store, Random random, DateTimeOffset now, bool alwaysAnswer = false)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var offers = (await connection.QueryAsync<(string CallSid, int WorkerId, string Status)>(
            "select call_sid, worker_id, status from queue_entries where status in ('offered', 'picked-up')")).ToList();
        foreach (var (callSid, workerId, status) in offers)
        {
            if (status == "picked-up")
            {
                var end = alwaysAnswer ? DialOutcome.Bridged : Pick(random, DialOutcome.Bridged, DialOutcome.Bridged, DialOutcome.CallerGone, DialOutcome.NotTaken);
                Assert.NotEqual(OfferResult.NotCurrent, await store.DialOutcomeAsync(callSid, workerId, null, end, 3, now.AddSeconds(60), 120, now, default));
                continue;
            }

            switch (alwaysAnswer ? 0 : random.Next(5))
            {
                case 0 or 1:
                    Assert.True(await store.WorkerPickedUpAsync(callSid, workerId, null, now, default));
                    break;
                case 2:
                    await store.DialOutcomeAsync(callSid, workerId, null, DialOutcome.NotTaken, 3, now, null, now, default);
                    break;
                case 3:
                    await store.DialOutcomeAsync(callSid, workerId, null, DialOutcome.CallerGone, 3, now, null, now, default);
                    break;
                default:
                    await store.OfferFailedAsync(callSid, workerId, callerGone: random.Next(2) == 0, now, default);
                    break;
            }
        }
    }

    private async Task AssertInvariantsAsync(int step)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var doubleWorker = await connection.ExecuteScalarAsync<long>(
            "select count(*) from (select worker_id from queue_entries where status in ('offered', 'picked-up') group by worker_id having count(*) > 1) d");
        var busyWithoutCall = await connection.ExecuteScalarAsync<long>(
            "select count(*) from workers where status in ('ringing', 'on-call') and current_call_sid is null");
        var mismatched = await connection.ExecuteScalarAsync<long>(
            "select count(*) from queue_entries e join workers w on w.id = e.worker_id where (e.status = 'offered' and (w.current_call_sid is distinct from e.call_sid or w.status <> 'ringing')) " +
            "or (e.status = 'picked-up' and (w.current_call_sid is distinct from e.call_sid or w.status <> 'on-call'))");
        var callOnTwoWorkers = await connection.ExecuteScalarAsync<long>(
            "select count(*) from (select current_call_sid from workers where current_call_sid is not null group by current_call_sid having count(*) > 1) d");
        var detail = doubleWorker + busyWithoutCall + mismatched + callOnTwoWorkers == 0 ? string.Empty : string.Join("; ",
            await connection.QueryAsync<string>("select concat_ws(' ', 'worker', id, status, current_call_sid) from workers union all select concat_ws(' ', 'entry', call_sid, status, worker_id) from queue_entries where status in ('offered', 'picked-up')"));
        Assert.True(doubleWorker + busyWithoutCall + mismatched + callOnTwoWorkers == 0,
            $"step {step}: worker with two offers {doubleWorker}, busy without call {busyWithoutCall}, offer/worker mismatch {mismatched}, call on two workers {callOnTwoWorkers}: {detail}");
    }

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];
}
