using System.Text.Json;
using Dapper;
using Helpline.Data.Calls;
using Helpline.Data.Migrations;
using Helpline.Data.Retention;
using Helpline.Data.Routing;
using Helpline.Testing;
using Npgsql;

namespace Helpline.Data.Tests;

/// <summary>
/// The retention purge against a real PostgreSQL (a fresh database per test, since a purge is global): old ended calls
/// go with their events and queue entries after being counted into the daily statistics; calls in progress stay.
/// </summary>
public sealed class RetentionStoreTests : IAsyncLifetime
{
    private const string Paris = "Europe/Paris";
    private static readonly DateTimeOffset Cutoff = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private NpgsqlDataSource _data = null!;
    private CallStore _calls = null!;
    private RoutingStore _routing = null!;
    private RetentionStore _retention = null!;

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        _data = HelplineDataSource.Create(await server.CreateDatabaseAsync("retention"));
        await new MigrationRunner(_data).RunAsync();
        _calls = new CallStore(_data);
        _routing = new RoutingStore(_data);
        _retention = new RetentionStore(_data);
    }

    public async Task DisposeAsync() => await _data.DisposeAsync();

    [Fact]
    public async Task Old_ended_calls_are_counted_by_day_outcome_and_menu_choice_then_deleted_with_their_events_and_queue_entries()
    {
        var morning = new DateTimeOffset(2025, 1, 10, 10, 0, 0, TimeSpan.FromHours(1));
        var purged = new[]
        {
            await CallAsync(morning, digits: "4", outcome: "answered", duration: 300, queuedSeconds: 120),
            await CallAsync(morning.AddHours(2), digits: "4", outcome: "answered", duration: 200, queuedSeconds: 60),
            await CallAsync(morning.AddHours(3), digits: "1", outcome: "transferred:17", duration: 40),
            await CallAsync(new DateTimeOffset(2025, 1, 10, 23, 30, 0, TimeSpan.Zero), digits: null, outcome: null, duration: 5), // 00:30 on the 11th in Paris
        };
        var recent = await CallAsync(Cutoff.AddDays(1), digits: "4", outcome: "answered", duration: 60, queuedSeconds: 10);

        var result = await _retention.PurgeAsync(Cutoff, Paris);

        Assert.Equal(4, result.Calls);
        Assert.Equal(2, result.QueueEntries);
        Assert.True(result.Events >= 4 * 2, $"events deleted: {result.Events}");
        Assert.Equal(
            [new(new DateOnly(2025, 1, 10), "answered", "4", 2, 2, 500, 180), new(new DateOnly(2025, 1, 10), "transferred:17", "1", 1, 0, 40, 0)],
            await _retention.StatisticsAsync(new DateOnly(2025, 1, 10)));
        Assert.Equal([new DailyStatistics(new DateOnly(2025, 1, 11), "abandoned", "none", 1, 0, 5, 0)], await _retention.StatisticsAsync(new DateOnly(2025, 1, 11)));
        foreach (var sid in purged)
        {
            Assert.Equal((0L, 0L, 0L), await RowsAsync(sid));
        }

        Assert.Equal((1L, 3L, 1L), await RowsAsync(recent));
    }

    [Fact]
    public async Task Tagged_calls_are_counted_by_day_and_tag_before_they_are_purged()
    {
        var morning = new DateTimeOffset(2025, 1, 10, 10, 0, 0, TimeSpan.FromHours(1));
        await CallAsync(morning, digits: "5", outcome: "answered", duration: 300, tags: ["ne-peut-pas-parler"]);
        var recall = await CallAsync(morning.AddHours(1), digits: "5", outcome: "answered", duration: 300, tags: ["ne-peut-pas-parler"]);
        await using (var connection = await _data.OpenConnectionAsync())
        {
            // The line's own tag (set by the creation statement on a recognised recall; no step may set it).
            await connection.ExecuteAsync("update calls set tags = array['rappel-apres-coupure'] || tags where call_sid = @recall", new { recall });
        }

        await CallAsync(morning.AddHours(2), digits: "4", outcome: "answered", duration: 300);
        await CallAsync(new DateTimeOffset(2025, 1, 10, 23, 30, 0, TimeSpan.Zero), digits: "5", outcome: "abandoned", duration: 5, tags: ["ne-peut-pas-parler"]); // the 11th in Paris

        await _retention.PurgeAsync(Cutoff, Paris, batchSize: 1); // batches add up

        Assert.Equal(new Dictionary<string, int> { ["ne-peut-pas-parler"] = 2, ["rappel-apres-coupure"] = 1 }, await _retention.TagStatisticsAsync(new DateOnly(2025, 1, 10)));
        Assert.Equal(new Dictionary<string, int> { ["ne-peut-pas-parler"] = 1 }, await _retention.TagStatisticsAsync(new DateOnly(2025, 1, 11)));
    }

    [Fact]
    public async Task Calls_in_progress_are_never_purged_however_old()
    {
        var old = new DateTimeOffset(2024, 3, 5, 10, 0, 0, TimeSpan.FromHours(1));
        var inProgress = await CallAsync(old, digits: "4", outcome: null, duration: null, queuedSeconds: null, ended: false);
        var waiting = await CallAsync(old.AddMinutes(5), digits: "4", outcome: null, duration: null, queuedSeconds: null, ended: false, joinQueue: true);

        var result = await _retention.PurgeAsync(Cutoff, Paris);

        Assert.Equal(0, result.Calls);
        Assert.Equal((1L, 2L, 0L), await RowsAsync(inProgress));
        Assert.Equal((1L, 2L, 1L), await RowsAsync(waiting));
        Assert.Empty(await _retention.StatisticsAsync(new DateOnly(2024, 3, 5)));
    }

    [Fact]
    public async Task Purging_again_counts_nothing_twice()
    {
        var day = new DateTimeOffset(2025, 6, 2, 9, 30, 0, TimeSpan.FromHours(2));
        await CallAsync(day, digits: "2", outcome: "transferred:115", duration: 30);
        await CallAsync(day.AddHours(1), digits: "2", outcome: "transferred:115", duration: 50);

        var first = await _retention.PurgeAsync(Cutoff, Paris);
        var second = await _retention.PurgeAsync(Cutoff, Paris);

        Assert.Equal((2, 0), (first.Calls, second.Calls));
        Assert.Equal([new DailyStatistics(new DateOnly(2025, 6, 2), "transferred:115", "2", 2, 0, 80, 0)], await _retention.StatisticsAsync(new DateOnly(2025, 6, 2)));
    }

    [Fact]
    public async Task A_later_purge_of_the_same_day_adds_to_its_statistics()
    {
        var day = new DateTimeOffset(2025, 6, 3, 9, 0, 0, TimeSpan.FromHours(2));
        await CallAsync(day, digits: "3", outcome: "transferred:child-protection", duration: 10);
        await _retention.PurgeAsync(day.AddHours(1), Paris);
        await CallAsync(day.AddHours(2), digits: "3", outcome: "transferred:child-protection", duration: 20);

        await _retention.PurgeAsync(Cutoff, Paris);

        Assert.Equal([new DailyStatistics(new DateOnly(2025, 6, 3), "transferred:child-protection", "3", 2, 0, 30, 0)], await _retention.StatisticsAsync(new DateOnly(2025, 6, 3)));
    }

    [Fact]
    public async Task Large_purges_go_in_batches_and_count_every_call()
    {
        var day = new DateTimeOffset(2025, 2, 14, 10, 0, 0, TimeSpan.FromHours(1));
        for (var i = 0; i < 7; i++)
        {
            await CallAsync(day.AddMinutes(i), digits: "5", outcome: "message", duration: i);
        }

        var result = await _retention.PurgeAsync(Cutoff, Paris, batchSize: 3);

        Assert.Equal(7, result.Calls);
        Assert.Equal([new DailyStatistics(new DateOnly(2025, 2, 14), "message", "5", 7, 0, 21, 0)], await _retention.StatisticsAsync(new DateOnly(2025, 2, 14)));
        await using var connection = await _data.OpenConnectionAsync();
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from calls"));
    }

    [Fact]
    public async Task Events_of_calls_never_stored_go_after_the_period_too()
    {
        var oldSid = TestCalls.Sid();
        var newSid = TestCalls.Sid();
        await _calls.AppendEventAsync(oldSid, new CallEventRecord("status", null, null, "completed", null), Cutoff.AddDays(-3), default);
        await _calls.AppendEventAsync(newSid, new CallEventRecord("status", null, null, "completed", null), Cutoff.AddDays(3), default);

        var result = await _retention.PurgeAsync(Cutoff, Paris);

        Assert.Equal(1, result.Events);
        Assert.Equal((0L, 0L, 0L), await RowsAsync(oldSid));
        Assert.Equal((0L, 1L, 0L), await RowsAsync(newSid));
    }

    [Fact]
    public async Task Statistics_hold_no_number_hash_or_call_identifier()
    {
        var sid = await CallAsync(new DateTimeOffset(2025, 3, 3, 11, 0, 0, TimeSpan.FromHours(1)), digits: "4", outcome: "answered", duration: 90, queuedSeconds: 30);

        await _retention.PurgeAsync(Cutoff, Paris);

        await using var connection = await _data.OpenConnectionAsync();
        var columns = (await connection.QueryAsync<string>("select column_name from information_schema.columns where table_name = 'call_daily_statistics' order by ordinal_position")).ToList();
        Assert.Equal(["day", "outcome", "menu_choice", "calls", "queued", "duration_seconds", "queue_wait_seconds"], columns);
        var dump = string.Join("\n", await connection.QueryAsync<string>("select row_to_json(s)::text from call_daily_statistics s"));
        Assert.NotEmpty(dump);
        foreach (var secret in new[] { sid, "caller-hash", "+33320000000", "AC-test" })
        {
            Assert.DoesNotContain(secret, dump, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A call as the webhooks leave it: started (with a menu key as its flow's first transition), maybe queued for
    /// <paramref name="queuedSeconds"/>, then closed by the status callback unless <paramref name="ended"/> is false.
    /// </summary>
    private async Task<string> CallAsync(
        DateTimeOffset started, string? digits, string? outcome, int? duration, int? queuedSeconds = null, bool ended = true, bool joinQueue = false, string[]? tags = null)
    {
        var sid = TestCalls.Sid();
        var events = new List<CallEventRecord> { new("webhook:incoming", null, null, null, JsonSerializer.Serialize(new { CallStatus = "ringing" })) };
        if (digits is not null)
        {
            events.Add(new CallEventRecord("transition", "accueil", "suite", "digits:" + digits, null));
        }

        await _calls.StartAsync(TestCalls.NewCall(sid, started), new CallAdvance("accueil", 1, 0, outcome, "<Response/>", started, events) { Tags = tags ?? [] }, default);
        if (queuedSeconds is { } wait)
        {
            await _routing.JoinQueueAsync(sid, "ecoutantes", digits, started, default);
            await _routing.LeaveQueueAsync(sid, "overflowed", started.AddSeconds(wait), default);
        }
        else if (joinQueue)
        {
            await _routing.JoinQueueAsync(sid, "ecoutantes", digits, started, default);
        }

        if (ended)
        {
            await _calls.CompleteAsync(new CallCompletion(sid, "completed", duration, started.AddSeconds(duration ?? 0), null), default);
        }

        return sid;
    }

    /// <summary>(call rows, events, queue entries) left for a call.</summary>
    private async Task<(long Calls, long Events, long Queue)> RowsAsync(string sid)
    {
        await using var connection = await _data.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(long, long, long)>(
            "select (select count(*) from calls where call_sid = @sid), (select count(*) from call_events where call_sid = @sid), (select count(*) from queue_entries where call_sid = @sid)",
            new { sid });
    }
}
