using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Dashboard.Tests.Infrastructure;

/// <summary>What the alert tests share: moving the servers' clocks round by round, the recorded alerts, a worker's status.</summary>
public static class Alerting
{
    /// <summary>An alert as <c>alert_events</c> holds it.</summary>
    public sealed record Row(string Kind, string Scope, DateTime StartedAt, DateTime? EndedAt, string? Measure);

    /// <summary>
    /// Moves the clocks of <paramref name="servers"/> together, one judgement period (5 s) at a time, until
    /// <paramref name="condition"/> holds (each step lets the alert monitors judge again).
    /// </summary>
    public static Task AdvanceUntilAsync(Func<Task<bool>> condition, params DashboardServer[] servers) =>
        Eventually.WaitForAsync(async () =>
        {
            if (await condition())
            {
                return true;
            }

            foreach (var server in servers)
            {
                server.Time.Advance(TimeSpan.FromSeconds(5));
            }

            return false;
        });

    /// <summary>The recorded alerts of <paramref name="kind"/>, oldest first (instants in UTC).</summary>
    public static async Task<IReadOnlyList<Row>> RowsAsync(DashboardServer server, string kind)
    {
        await using var db = await server.OpenDatabaseAsync();
        return (await db.QueryAsync<Row>(
            "select kind, scope, started_at as StartedAt, ended_at as EndedAt, measure::text as Measure from alert_events where kind = @kind order by id", new { kind })).ToList();
    }

    /// <summary>Sets a worker's status through the admin API.</summary>
    public static async Task StatusAsync(DashboardServer server, string worker, string status)
    {
        await using (var db = await server.OpenDatabaseAsync())
        {
            var id = await db.ExecuteScalarAsync<int>("select id from workers where name = @worker", new { worker });
            using var client = server.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
            using var response = await client.PutAsJsonAsync($"/api/workers/{id}/status", new { status });
            Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        }
    }

    /// <summary>A server of its own, its clock starting at <paramref name="start"/>, with <paramref name="settings"/> on top of the usual ones.</summary>
    public static DashboardServer Server(DateTimeOffset start, params (string Key, string Value)[] settings)
    {
        var server = new DashboardServer { Time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(start) };
        foreach (var (key, value) in settings)
        {
            server.Settings[key] = value;
        }

        return server;
    }
}
