using System.Net;
using System.Text.Json;
using Dapper;
using Helpline.Server.Testing;
using Helpline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Helpline.Server.Storage;

namespace Helpline.Server.Tests;

/// <summary>
/// PostgreSQL stopped mid-call (a server of the test's own, stopped and started again): the steps answered meanwhile
/// are kept in the on-disk journal, reported by /readyz, and written in order and once when the database returns —
/// the stored call is the same as if the database had never gone. Bounded: when full, the oldest entries are kept.
/// </summary>
public sealed class JournalTests : IAsyncLifetime
{
    private PostgresServer _server = null!;
    private HelplineApp _app = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _app = new HelplineApp { ConnectionStringOverride = await _server.CreateDatabaseAsync("journal") };
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Steps_answered_while_the_database_is_stopped_are_written_in_order_and_once_when_it_returns()
    {
        var twilio = _app.Twilio();
        var reference = TwilioClient.NewCallSid();
        await WholeCallAsync(twilio, reference, between: null, beforeStatus: null);
        var sid = TwilioClient.NewCallSid();

        var answers = await WholeCallAsync(twilio, sid, between: _server.StopAsync, beforeStatus: async () =>
        {
            Assert.Equal(2, await PendingAsync(expectReady: false));
            await _server.RestartAsync();
        });

        Assert.Contains("17", answers[1], StringComparison.Ordinal);
        Assert.Equal(3, _app.Services.GetRequiredService<CallJournal>().Pending);
        await ReplayUntilEmptyAsync();
        Assert.Equal(0, await PendingAsync(expectReady: true));
        Assert.Equal(await EventsAsync(reference), await EventsAsync(sid));
        Assert.Equal(await CallAsync(reference), await CallAsync(sid));
        Assert.Equal(0, await _app.Services.GetRequiredService<JournalReplayer>().ReplayAsync(CancellationToken.None));
        Assert.Equal(await EventsAsync(reference), await EventsAsync(sid));
    }

    [Fact]
    public async Task A_call_that_began_while_the_database_was_down_is_stored_after_the_service_and_the_database_restart()
    {
        var twilio = _app.Twilio();
        var reference = TwilioClient.NewCallSid();
        await MenuStepAsync(twilio, reference);
        await _server.StopAsync();
        var sid = TwilioClient.NewCallSid();

        await MenuStepAsync(twilio, sid);
        await _server.RestartAsync();
        await _app.StartAsync();
        await ReplayUntilEmptyAsync();

        Assert.Equal(await EventsAsync(reference), await EventsAsync(sid));
        Assert.Equal(await CallAsync(reference), await CallAsync(sid));
    }

    [Fact]
    public async Task When_the_journal_is_full_the_oldest_entries_are_kept_and_the_dropped_ones_counted()
    {
        await using var small = new HelplineApp
        {
            WaitForDatabase = false,
            ConnectionStringOverride = $"Host=127.0.0.1;Port={FreeTcpPort.Find()};Database=nowhere;Username=nobody;Password=x;Timeout=2",
        };
        small.Settings["Helpline:Journal:MaxEntries"] = "2";
        await small.InitializeAsync();
        var sids = new[] { TwilioClient.NewCallSid(), TwilioClient.NewCallSid(), TwilioClient.NewCallSid() };

        foreach (var sid in sids)
        {
            var twiml = await small.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
            Assert.NotEmpty(TwilioClient.Heard(twiml));
        }

        var journal = small.Services.GetRequiredService<CallJournal>();
        Assert.Equal(sids[..2], (await journal.WaitingAsync(CancellationToken.None)).Select(e => e!.CallSid));
        using var client = small.CreateClient();
        using var response = await client.GetAsync("/readyz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((2, 1L), (body.RootElement.GetProperty("journal").GetProperty("pending").GetInt32(), body.RootElement.GetProperty("journal").GetProperty("dropped").GetInt64()));
        Assert.DoesNotContain("+33612345678", await File.ReadAllTextAsync(Path.Combine(small.JournalFolder, "journal.jsonl")), StringComparison.Ordinal);
    }

    /// <summary>Incoming, "1" (a transfer to 17), the transfer's end, the status callback; <paramref name="between"/> runs after the first step.</summary>
    private static async Task<List<string>> WholeCallAsync(TwilioClient twilio, string sid, Func<CancellationToken, Task>? between, Func<Task>? beforeStatus)
    {
        var answers = new List<string>();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        answers.Add(menu.ToString());
        if (between is not null)
        {
            await between(CancellationToken.None);
        }

        var form = TwilioClient.Incoming(sid);
        form["Digits"] = "1";
        var transfer = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), form);
        answers.Add(transfer.ToString());
        form["DialCallStatus"] = "completed";
        form["DialCallDuration"] = "42";
        var end = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(transfer, "Dial")!), form);
        answers.Add(end.ToString());
        if (beforeStatus is not null)
        {
            await beforeStatus();
        }

        form["CallStatus"] = "completed";
        form["CallDuration"] = "60";
        using var status = await twilio.PostAsync("/voice/status", form);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        return answers;
    }

    private static async Task MenuStepAsync(TwilioClient twilio, string sid)
    {
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var form = TwilioClient.Incoming(sid);
        form["Digits"] = "1";
        await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), form);
    }

    /// <summary>Moves the clock one replay period at a time until the journal is empty (each attempt may meet a connection the restart broke).</summary>
    private async Task ReplayUntilEmptyAsync()
    {
        var journal = _app.Services.GetRequiredService<CallJournal>();
        await _app.ReplayJournalAsync();

        Assert.Equal(0, journal.Pending);
    }

    private async Task<int> PendingAsync(bool expectReady)
    {
        using var client = _app.CreateClient();
        using var response = await client.GetAsync("/readyz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expectReady ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, response.StatusCode);
        return body.RootElement.GetProperty("journal").GetProperty("pending").GetInt32();
    }

    /// <summary>The call's events in order, without what differs between two calls (ids, sid, times).</summary>
    private async Task<List<string>> EventsAsync(string sid)
    {
        await using var db = await _app.OpenDatabaseAsync();
        return (await db.QueryAsync<string>(
            "select concat_ws('|', kind, step, from_state, to_state, trigger, detail::text) from call_events where call_sid = @sid order by id", new { sid })).ToList();
    }

    private async Task<string> CallAsync(string sid)
    {
        await using var db = await _app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<string>(
            "select concat_ws('|', state, step, attempt, outcome, provider_status, duration_seconds, ended_at is not null, caller_hash) from calls where call_sid = @sid", new { sid }) ?? "(no call row)";
    }
}
