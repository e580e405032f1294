using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Helpline.Server.Testing;
using Helpline.Testing;
using Npgsql;

namespace Helpline.Server.Tests;

/// <summary>
/// Two server processes behind one database, as behind a load balancer: one is killed with SIGKILL in the middle of a
/// call and the call goes on, step by step, on the other — its state is in PostgreSQL, not in the dead process. Both
/// route queued callers (an account and a worker are configured; the provider's REST API is the discard port).
/// </summary>
public sealed partial class TwoInstancesTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Routing = new()
    {
        ["Helpline__Twilio__AccountSid"] = "AC00000000000000000000000000000000",
        ["Helpline__Routing__Workers__0__Name"] = "Alice",
        ["Helpline__Routing__Workers__0__Phone"] = "+33611111111",
    };

    private string _connectionString = string.Empty;
    private ServerProcess? _first;
    private ServerProcess? _second;

    public async Task InitializeAsync()
    {
        var postgres = await PostgresServer.SharedAsync();
        _connectionString = await postgres.CreateDatabaseAsync("instances");
        _first = await ServerProcess.StartAsync(_connectionString, Routing);
        // The real clock may say closed: the test is about the call, not the hours. The second instance reads the
        // override at its start; the first applied it itself.
        await OpenTheLineAsync(_first.Url);
        _second = await ServerProcess.StartAsync(_connectionString, Routing);
    }

    public async Task DisposeAsync()
    {
        if (_first is not null)
        {
            await _first.DisposeAsync();
        }

        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Call_started_on_an_instance_killed_mid_call_continues_on_the_other()
    {
        var sid = TwilioClient.NewCallSid();
        var onFirst = _first!.Twilio();
        var onSecond = _second!.Twilio();
        var menu = await onFirst.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var gather = onFirst.Relative(TwilioClient.Action(menu, "Gather")!);

        _first.Kill();

        // The provider's next webhook reaches the surviving instance; a retry of the first one gets the same answer.
        var again = await onSecond.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        Assert.Equal(menu.ToString(), again.ToString());
        var form = TwilioClient.Incoming(sid);
        form["CallStatus"] = "in-progress";
        form["Digits"] = "1";
        var danger = await onSecond.TwimlAsync(gather, form);
        Assert.Contains("17", TwilioClient.Heard(danger), StringComparison.Ordinal);
        Assert.Equal("17", danger.Descendants("Dial").Single().Value.Trim());

        var dialAction = onSecond.Relative(TwilioClient.Action(danger, "Dial")!);
        form["DialCallStatus"] = "completed";
        form["DialCallDuration"] = "120";
        await onSecond.TwimlAsync(dialAction, form);
        var status = TwilioClient.Incoming(sid);
        status["CallStatus"] = "completed";
        status["CallDuration"] = "150";
        using (var closed = await onSecond.PostAsync("/voice/status", status))
        {
            Assert.True(closed.IsSuccessStatusCode, $"status callback -> {(int)closed.StatusCode}");
        }

        await using var db = new NpgsqlConnection(_connectionString);
        var call = await db.QuerySingleAsync<(int Step, DateTime? EndedAt, string Outcome, int? Duration)>(
            "select step, ended_at, outcome, duration_seconds from calls where call_sid = @sid", new { sid });
        Assert.NotNull(call.EndedAt);
        Assert.Equal(150, call.Duration);
        Assert.Equal(3, call.Step);
        Assert.StartsWith("transferred", call.Outcome, StringComparison.Ordinal);
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("select count(*) from call_events where call_sid = @sid and kind = 'webhook:incoming'", new { sid }));
    }

    [Fact]
    public async Task Both_instances_serve_one_call_alternately_without_a_double_step()
    {
        var sid = TwilioClient.NewCallSid();
        var instances = new[] { _first!.Twilio(), _second!.Twilio() };
        var menu = await instances[0].TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var gather = instances[0].Relative(TwilioClient.Action(menu, "Gather")!);
        var form = TwilioClient.Incoming(sid);
        form["CallStatus"] = "in-progress";
        form["Digits"] = "2";

        // The provider retries the same step on both instances at once (a timeout on the first): one step, one answer.
        var answers = await Task.WhenAll(instances.Select(i => i.TwimlAsync(gather, form)));

        Assert.Equal(answers[0].ToString(), answers[1].ToString());
        await using var db = new NpgsqlConnection(_connectionString);
        Assert.Equal(2, await db.ExecuteScalarAsync<int>("select step from calls where call_sid = @sid", new { sid }));
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("select count(*) from call_events where call_sid = @sid and kind = 'webhook:gather'", new { sid }));
    }

    private static async Task OpenTheLineAsync(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
        var until = DateTimeOffset.UtcNow.AddHours(2).ToString("O", CultureInfo.InvariantCulture);
        using var response = await http.PutAsync("/api/hours/override",
            new StringContent($"{{\"mode\":\"open\",\"until\":\"{until}\",\"reason\":\"test\"}}", Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"hours override -> {(int)response.StatusCode}");
    }
}
