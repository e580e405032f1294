using Dapper;
using Helpline.Core.Routing;
using Helpline.Data.Calls;
using Helpline.Data.Routing;

namespace Helpline.Data.Tests;

/// <summary>
/// The router's SQL does what Core's rules say: hundreds of random queues (classes, places with ties, reservations
/// for a worker lapsing or not, workers free or not in the policy's order) are assigned by
/// <see cref="RoutingStore.TryAssignAsync"/> and by <see cref="QueueOrder.Assign"/>, and both must give the same worker
/// the same caller; hundreds of random earlier calls of one caller (abandoned, answered after a short or a long
/// conversation, overflowed, never queued; recent or not) are judged by the call's creation statement and by
/// <see cref="RecallRule.Decide"/>, and both must agree on the recall and on the worker she spoke to.
/// </summary>
public sealed class QueueOrderParityTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_router_assigns_as_the_queue_order_says()
    {
        var store = new RoutingStore(db.DataSource);
        await store.SeedWorkersAsync(Enumerable.Range(1, 4).Select(i => ($"P{i}", $"+3361100000{i}")), T0, default);
        var workerIds = (await store.ListWorkersAsync(default)).Select(w => w.Id).ToArray();
        var random = new Random(20261130);
        await using var connection = await db.DataSource.OpenConnectionAsync();

        for (var scenario = 0; scenario < 300; scenario++)
        {
            await connection.ExecuteAsync("delete from queue_entries; update workers set status = 'pause', current_call_sid = null");
            var idle = workerIds.ToDictionary(id => id, _ => T0.AddSeconds(-random.Next(0, 1000)));
            var free = workerIds.Where(_ => random.Next(3) > 0).ToList();
            foreach (var id in free)
            {
                await connection.ExecuteAsync("update workers set status = 'available', idle_since = @at where id = @id", new { id, at = idle[id].UtcDateTime });
            }

            var callers = new List<WaitingCaller>();
            for (var i = random.Next(0, 9); i > 0; i--)
            {
                var place = T0.AddSeconds(random.Next(0, 6)); // ties on purpose: the call id decides
                var priority = random.Next(3) == 0 ? QueueOrder.RecallAfterCutOff : QueueOrder.Normal;
                int? preferred = random.Next(3) == 0 ? workerIds[random.Next(workerIds.Length)] : null;
                DateTimeOffset? until = preferred is null ? null : T0.AddSeconds(random.Next(0, 40));
                var caller = new WaitingCaller($"CA{scenario:D4}{i:D2}{random.Next(100):D2}", priority, place, place, preferred, until);
                callers.Add(caller);
                await connection.ExecuteAsync(
                    "insert into queue_entries (call_sid, queue_name, joined_at, priority_at, priority, preferred_worker_id, preferred_until) " +
                    "values (@CallSid, 'ecoutantes', @Joined, @Place, @Priority, @PreferredWorker, @Until)",
                    new { caller.CallSid, Joined = caller.JoinedAt.UtcDateTime, Place = caller.PriorityAt.UtcDateTime, Priority = (short)caller.Priority, caller.PreferredWorker, Until = caller.PreferredUntil?.UtcDateTime });
            }

            var now = T0.AddSeconds(random.Next(0, 40));
            var policyOrder = free.OrderBy(id => idle[id]).ThenBy(id => id).ToList();

            var expected = QueueOrder.Assign(policyOrder, callers, now);
            var actual = await store.TryAssignAsync(now, default);

            Assert.True(
                (expected?.WorkerId, expected?.Caller.CallSid) == (actual?.WorkerId, actual?.CallSid),
                $"scenario {scenario} at +{(now - T0).TotalSeconds} s, free {string.Join(",", policyOrder)}, queue {string.Join(" ", callers)}: " +
                $"rule {expected?.WorkerId}:{expected?.Caller.CallSid}, router {actual?.WorkerId}:{actual?.CallSid}");
        }
    }

    [Fact]
    public async Task The_call_s_creation_recognises_a_recall_as_the_rule_says()
    {
        var calls = new CallStore(db.DataSource);
        var store = new RoutingStore(db.DataSource);
        await store.SeedWorkersAsync([("R1", "+33611200001")], T0, default);
        var worker = (await store.ListWorkersAsync(default)).Single(w => w.Name == "R1").Id;
        var rule = new RecallRule(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));
        var random = new Random(1130);
        await using var connection = await db.DataSource.OpenConnectionAsync();

        for (var scenario = 0; scenario < 300; scenario++)
        {
            var hash = $"parity-{scenario}";
            var now = T0.AddHours(scenario);
            PreviousCall? latest = null;
            for (var earlier = random.Next(0, 3); earlier > 0; earlier--)
            {
                var endedAt = now.AddSeconds(-random.Next(0, 2400));
                var status = new[] { "abandoned", "answered", "overflowed", null }[random.Next(4)];
                var talk = random.Next(0, 120);
                // Itself a recall (a third of the time), kept for the worker or nobody: one cut off again in the menu passes it on.
                var wasRecall = random.Next(3) == 0;
                int? keptFor = wasRecall && random.Next(2) == 0 ? worker : null;
                var sid = $"CAP{scenario:D4}{earlier}";
                await calls.StartAsync(new NewCall(sid, null, hash, null, null, "f", "h", endedAt.AddMinutes(-5)), TestCalls.Step("accueil", 1, at: endedAt.AddMinutes(-5)), default);
                await connection.ExecuteAsync("update calls set ended_at = @endedAt, tags = @tags, recall_worker_id = @keptFor where call_sid = @sid",
                    new { sid, endedAt = endedAt.UtcDateTime, tags = wasRecall ? new[] { Helpline.Core.Flows.CallTags.Recall } : Array.Empty<string>(), keptFor });
                DateTimeOffset? answered = status == "answered" ? endedAt.AddSeconds(-talk) : null;
                if (status is not null)
                {
                    await connection.ExecuteAsync(
                        "insert into queue_entries (call_sid, queue_name, status, joined_at, priority_at, worker_id, answered_at, ended_at) " +
                        "values (@sid, 'ecoutantes', @status, @joined, @joined, @worker, @answered, @endedAt)",
                        new { sid, status, joined = endedAt.AddMinutes(-4).UtcDateTime, worker = status == "overflowed" ? (int?)null : worker, answered = answered?.UtcDateTime, endedAt = endedAt.UtcDateTime });
                }

                var previous = new PreviousCall(endedAt, status, answered, status is null ? null : endedAt, status is null or "overflowed" ? null : worker, wasRecall, keptFor);
                if (latest is null || previous.EndedAt > latest.EndedAt)
                {
                    latest = previous;
                }
            }

            var (isRecall, sameWorker) = rule.Decide(latest, now);
            var call = $"CAN{scenario:D4}";
            await calls.StartAsync(new NewCall(call, null, hash, null, null, "f", "h", now) { Recall = new RecallSettings(1800, 60) }, TestCalls.Step("accueil", 1, at: now), default);

            var (tags, recallWorker) = await connection.QuerySingleAsync<(string Tags, int? Worker)>(
                "select array_to_string(tags, ','), recall_worker_id from calls where call_sid = @call", new { call });
            Assert.True((isRecall, sameWorker) == (tags == Helpline.Core.Flows.CallTags.Recall, recallWorker),
                $"scenario {scenario}: latest {latest}; rule ({isRecall}, {sameWorker}), statement ({tags}, {recallWorker})");
        }
    }
}
