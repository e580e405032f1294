using Dapper;
using Helpline.Data.Calls;
using Helpline.Data.Routing;
using static Helpline.Data.Tests.TestCalls;

namespace Helpline.Data.Tests;

/// <summary>
/// A caller's queue join was journaled (PostgreSQL slow or down) and a hold poll healed it first
/// (<see cref="RoutingStore.JoinQueueAsync"/>), knowing nothing of the call yet: no menu choice, normal class, no
/// reserved worker. The step's own join, replayed from the journal, completes that entry while she still waits — and
/// never moves her back. Her earlier call was a conversation of 20 s with worker R1, so the replayed start makes her a
/// recall kept for R1.
/// </summary>
public sealed class HealedQueueJoinTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly RecallSettings Recall = new(1800, 60);
    private readonly CallStore _calls = new(db.DataSource);
    private readonly RoutingStore _routing = new(db.DataSource);

    [Fact]
    public async Task The_replayed_join_gives_the_healed_entry_her_menu_choice_her_recall_class_and_her_worker_and_keeps_her_earlier_place()
    {
        var (sid, worker) = await RecallAfterAConversationAsync("a");
        await _routing.JoinQueueAsync(sid, "ecoutantes", null, T0.AddMinutes(10).AddSeconds(3), default, 20); // the hold poll, first
        await ReplayAsync(sid, "a");

        var entry = await EntryAsync(sid);

        Assert.Equal(("waiting", "5", (short)10, worker), (entry.Status, entry.MenuChoice, entry.Priority, entry.PreferredWorkerId));
        Assert.Equal(T0.AddMinutes(10).AddSeconds(3), entry.JoinedAt); // the poll's (earned) place was earlier than the replayed step's
        Assert.Equal(T0.AddMinutes(10).AddSeconds(3), entry.PriorityAt);
        Assert.Equal(T0.AddMinutes(10).AddSeconds(5 + 20), entry.PreferredUntil); // reserved from the step's join, as a live join would be
    }

    [Fact]
    public async Task The_replayed_join_moves_a_healed_entry_forward_to_the_step_s_earlier_time_never_back()
    {
        var (sid, _) = await RecallAfterAConversationAsync("b");
        await _routing.JoinQueueAsync(sid, "ecoutantes", null, T0.AddMinutes(10).AddSeconds(30), default, 20);
        await ReplayAsync(sid, "b");

        var entry = await EntryAsync(sid);

        Assert.Equal((T0.AddMinutes(10).AddSeconds(5), T0.AddMinutes(10).AddSeconds(5)), (entry.JoinedAt, entry.PriorityAt));
    }

    [Fact]
    public async Task An_entry_already_offered_to_a_worker_is_left_as_it_is()
    {
        var (sid, _) = await RecallAfterAConversationAsync("c");
        await _routing.JoinQueueAsync(sid, "ecoutantes", null, T0.AddMinutes(10).AddSeconds(3), default, 20);
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update queue_entries set status = 'offered' where call_sid = @sid", new { sid });
        }

        await ReplayAsync(sid, "c");

        var entry = await EntryAsync(sid);
        Assert.Equal(("offered", (string?)null, (short)0, (int?)null), (entry.Status, entry.MenuChoice, entry.Priority, entry.PreferredWorkerId));
    }

    [Fact]
    public async Task A_higher_class_or_a_reserved_worker_already_on_the_entry_is_never_lowered_or_replaced()
    {
        var (sid, worker) = await RecallAfterAConversationAsync("d");
        await _routing.JoinQueueAsync(sid, "ecoutantes", "4", T0.AddMinutes(10).AddSeconds(3), default, 20);
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            // Say a later rule put her higher and kept her for R1 until a later time: the replayed join must not undo it.
            await connection.ExecuteAsync("update queue_entries set priority = 20, preferred_worker_id = @worker, preferred_until = @until where call_sid = @sid",
                new { sid, worker, until = T0.AddHours(1).UtcDateTime });
        }

        await ReplayAsync(sid, "d");

        var entry = await EntryAsync(sid);
        Assert.Equal(("4", (short)20, worker, T0.AddHours(1)), (entry.MenuChoice, entry.Priority, entry.PreferredWorkerId, entry.PreferredUntil));
    }

    /// <summary>Her earlier call (hash <paramref name="caller"/>): answered by R1 at T0+9:00, ended 20 s later. Returns this call's sid and R1's id.</summary>
    private async Task<(string Sid, int? Worker)> RecallAfterAConversationAsync(string caller)
    {
        await _routing.SeedWorkersAsync([("R1", "+33611200001")], T0, default);
        var worker = (await _routing.ListWorkersAsync(default)).Single(w => w.Name == "R1").Id;
        var earlier = Sid();
        await _calls.StartAsync(NewCall(earlier, T0) with { CallerHash = caller }, Step("accueil", 1, at: T0), default);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update calls set ended_at = @ended where call_sid = @earlier", new { earlier, ended = T0.AddMinutes(9).AddSeconds(20).UtcDateTime });
        await connection.ExecuteAsync(
            "insert into queue_entries (call_sid, queue_name, status, joined_at, priority_at, worker_id, answered_at, ended_at) " +
            "values (@earlier, 'ecoutantes', 'answered', @joined, @joined, @worker, @answered, @ended)",
            new { earlier, worker, joined = T0.AddMinutes(8).UtcDateTime, answered = T0.AddMinutes(9).UtcDateTime, ended = T0.AddMinutes(9).AddSeconds(20).UtcDateTime });
        return (Sid(), worker);
    }

    /// <summary>The journal's replay: her start at T0+10:00, then her key 5 at T0+10:05, which joins the queue.</summary>
    private async Task ReplayAsync(string sid, string caller)
    {
        await _calls.StartAsync(NewCall(sid, T0.AddMinutes(10)) with { CallerHash = caller, Recall = Recall }, Step("accueil", 1, at: T0.AddMinutes(10)), default);
        var joined = await _calls.AdvanceAsync(sid, 1, Step("file", 2, outcome: "queued", at: T0.AddMinutes(10).AddSeconds(5)) with
        {
            Join = new QueueJoin("ecoutantes", "5") { SameWorkerSeconds = 20 },
            Tags = ["ne-peut-pas-parler"],
        }, default);
        Assert.True(joined.Applied);
        Assert.Equal(Helpline.Core.Flows.CallTags.Recall, (await _calls.GetAsync(sid, default))!.Tags[0]);
    }

    private async Task<Entry> EntryAsync(string sid)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Status, string? MenuChoice, short Priority, int? PreferredWorkerId, DateTime? PreferredUntil, DateTime JoinedAt, DateTime PriorityAt)>(
            "select status, menu_choice, priority, preferred_worker_id, preferred_until, joined_at, priority_at from queue_entries where call_sid = @sid", new { sid });
        return new Entry(row.Status, row.MenuChoice, row.Priority, row.PreferredWorkerId, row.PreferredUntil is { } until ? Utc(until) : null,
            Utc(row.JoinedAt), Utc(row.PriorityAt));
    }

    private static DateTimeOffset Utc(DateTime stored) => new(DateTime.SpecifyKind(stored, DateTimeKind.Utc));

    private sealed record Entry(string Status, string? MenuChoice, short Priority, int? PreferredWorkerId, DateTimeOffset? PreferredUntil, DateTimeOffset JoinedAt, DateTimeOffset PriorityAt);
}
