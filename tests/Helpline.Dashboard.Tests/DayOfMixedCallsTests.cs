using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Helpline.Dashboard.Tests.Infrastructure;
using Helpline.Data.Statistics;
using Helpline.Server.Dashboard;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;
using Helpline.Server.Dashboard.Charts;

namespace Helpline.Dashboard.Tests;

/// <summary>
/// A day of mixed calls played through the provider's webhooks on the real server — answered, abandoned while waiting
/// (one a short abandon), abandoned while the worker's phone rang, overflowed, hung up in the menu, put through to 17 —
/// then every figure (counters on the page, the CSV, the outcomes chart, the call rows) checked against a count by
/// hand, written beside each assertion. One definition of each outcome: the call rows agree with the queue entries.
/// </summary>
public sealed class DayOfMixedCallsTests : IClassFixture<DashboardServer>
{
    private readonly DashboardServer _server;

    public DayOfMixedCallsTests(DashboardServer server) => _server = server;

    [Fact]
    public async Task Every_figure_of_a_day_of_mixed_calls_matches_a_count_by_hand()
    {
        var twilio = _server.Twilio();
        var alice = await WorkerIdAsync("Alice");
        await StatusAsync(alice, "pause");

        // Three answered: waits 20 s, 50 s, 90 s (the first two within the 60 s target), talks 300 s, 200 s, 100 s.
        foreach (var (wait, talk) in new[] { (20, 300), (50, 200), (90, 100) })
        {
            var caller = new Caller(twilio);
            await caller.CallAndChooseAsync("4");
            _server.Time.Advance(TimeSpan.FromSeconds(wait));
            await StatusAsync(alice, "available");
            await OfferedAsync(caller.Sid);
            var dialAction = await caller.WorkerAnswersAsync(alice);
            _server.Time.Advance(TimeSpan.FromSeconds(talk));
            await caller.ConversationEndsAsync(dialAction, talk);
            await EndAsync(caller);
            await StatusAsync(alice, "pause"); // ends the wrap-up
        }

        // Abandoned while waiting: 45 s, and a short abandon after 5 s (the queue's hang-up, then the status callback).
        foreach (var wait in new[] { 45, 5 })
        {
            var caller = new Caller(twilio);
            var enqueue = (await caller.CallAndChooseAsync("4")).Descendants("Enqueue").Single();
            _server.Time.Advance(TimeSpan.FromSeconds(wait));
            await twilio.TwimlAsync(twilio.Relative(enqueue.Attribute("action")!.Value), caller.Form(("QueueResult", "hangup"), ("QueueTime", wait.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            await EndAsync(caller);
        }

        // Abandoned while the worker's phone rang: waited 30 s; the worker's dial is canceled, then the status callback.
        {
            var caller = new Caller(twilio);
            await caller.CallAndChooseAsync("4");
            _server.Time.Advance(TimeSpan.FromSeconds(30));
            await StatusAsync(alice, "available");
            await OfferedAsync(caller.Sid);
            var dial = await twilio.TwimlAsync($"/voice/agent?w={alice}", caller.Form());
            await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(dial, "Dial")!), caller.Form(("DialCallStatus", "canceled"), ("CallStatus", "completed")));
            await EndAsync(caller);
            await StatusAsync(alice, "pause");
        }

        // Overflowed after 600 s, then put through to 3919.
        {
            var caller = new Caller(twilio);
            var enqueue = (await caller.CallAndChooseAsync("4")).Descendants("Enqueue").Single();
            _server.Time.Advance(TimeSpan.FromSeconds(600));
            var overflow = await twilio.TwimlAsync(twilio.Relative(enqueue.Attribute("action")!.Value), caller.Form(("QueueResult", "leave"), ("QueueTime", "600")));
            await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(overflow, "Dial")!), caller.Form(("DialCallStatus", "completed"), ("DialCallDuration", "60")));
            await EndAsync(caller);
        }

        // Hung up in the menu, and put through to 17.
        {
            var menuOnly = new Caller(twilio);
            await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(menuOnly.Sid, menuOnly.From));
            await EndAsync(menuOnly);
            var danger = new Caller(twilio);
            await danger.TransferredToPoliceAsync();
            await EndAsync(danger);
        }

        var today = ParisCalendar.DateOf(_server.Time.GetUtcNow());
        using var supervisor = await SignedInClient.CreateAsync(_server, "chef", DashboardServer.SupervisorPassword);
        var csv = (await supervisor.GetStringAsync($"/supervision/export.csv?du={today:yyyy-MM-dd}&au={today:yyyy-MM-dd}")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        // By hand: 9 calls; queue: answered 3, abandoned 3 (45 s, 5 s, 30 s), overflowed 1; 17 once; within 60 s: 2;
        // finished 7; service level 2/7 = 0.286; average wait (20+50+90+45+5+30+600)/7 = 120.0; longest 600;
        // average talk (300+200+100)/3 = 200.0; short abandons (under 10 s) 1; abandon rate 3/7 = 0.429; nine different
        // callers, none blocked or challenged, none tagged: no "cannot speak", no recall, no flagged caller; no call-back
        // asked for, made or ended.
        Assert.Equal($"{today:yyyy-MM-dd},9,3,3,1,1,0,0,2,7,0.286,120.0,600,200.0,1,0.429,0,0,0,0,0,0,0,0,0,0,0,0", csv[1]);

        var page = await supervisor.GetStringAsync("/supervision");
        foreach (var (key, value) in new[] { ("offered", "9"), ("answered", "3"), ("abandoned", "3"), ("shortAbandoned", "1"), ("abandonRate", "43 %"), ("overflowed", "1"), ("serviceLevel", "29 %") })
        {
            Assert.Contains($"data-counter=\"{key}\">{value}<", page, StringComparison.Ordinal);
        }

        Assert.Contains("moins de 10 secondes", page, StringComparison.Ordinal); // the short abandon's definition is on the page

        var (from, to) = ParisCalendar.Day(today);
        var outcomes = await _server.Services.GetRequiredService<StatisticsStore>().OutcomesByChoiceAsync(from, to, default);
        Assert.Equal(
            [("", "abandoned", 1), ("1", "transferred:police", 1), ("4", "abandoned-in-queue", 3), ("4", "answered", 3), ("4", "overflowed", 1)],
            outcomes.Select(o => (o.MenuChoice, o.Outcome, o.Count)));
        var waits = await _server.Services.GetRequiredService<StatisticsStore>().WaitDistributionAsync(from, to, default);
        Assert.Equal([3, 2, 1, 0, 1, 0], waits); // ≤ 30 s: 20, 5, 30; ≤ 1 min: 50, 45; ≤ 2 min: 90; ≤ 5 min: none; ≤ 10 min: 600; more: none
        await using var db = await _server.OpenDatabaseAsync();
        var rows = (await db.QueryAsync<(string Outcome, long Count)>("select outcome, count(*) from calls group by outcome order by outcome")).ToList();
        Assert.Equal(
            [("abandoned", 1L), ("abandoned-in-queue", 3L), ("answered", 3L), ("transferred:police", 1L), ("transferred:violences-femmes-info", 1L)],
            rows);
    }

    private async Task EndAsync(Caller caller)
    {
        using var response = await _server.Twilio().PostAsync("/voice/status", caller.Form(("CallStatus", "completed"), ("CallDuration", "30")));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
    }

    private async Task OfferedAsync(string sid)
    {
        for (var i = 0; i < 300 && !_server.Rest.LogEntries.Any(e => e.RequestMessage!.Path.Contains(sid, StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains(_server.Rest.LogEntries, e => e.RequestMessage!.Path.Contains(sid, StringComparison.Ordinal));
    }

    private async Task StatusAsync(int worker, string status)
    {
        using var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
        using var response = await client.PutAsJsonAsync($"/api/workers/{worker}/status", new { status });
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
    }

    private async Task<int> WorkerIdAsync(string name)
    {
        await using var db = await _server.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<int>("select id from workers where name = @name", new { name });
    }
}
