using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Helpline.Server.Tests;

/// <summary>The operators' run-time exceptional opening or closing: protected, stored, applied to calls, expiring by itself, logged.</summary>
public sealed class HoursOverrideApiTests(HelplineApp app) : IClassFixture<HelplineApp>, IAsyncLifetime
{
    private DateTimeOffset _morning;

    public async Task InitializeAsync()
    {
        _morning = app.AdvanceToNextMorning(open: true);
        using var client = Admin(app);
        (await client.DeleteAsync("/api/hours/override")).Dispose();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-wrong-token")]
    [InlineData("Basic dGVzdDp0ZXN0")]
    public async Task Override_api_requires_the_admin_token(string? authorization)
    {
        using var client = app.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        using var get = await client.GetAsync("/api/hours/override");
        using var put = await client.PutAsJsonAsync("/api/hours/override", new { mode = "closed", until = _morning.AddHours(2), reason = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
    }

    [Fact]
    public async Task Closing_during_hours_sends_new_callers_to_the_closed_message_until_it_expires()
    {
        using var client = Admin(app);
        using var put = await client.PutAsJsonAsync("/api/hours/override", new { mode = "closed", until = _morning.AddHours(1), reason = "Équipe en formation" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var closed = await app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(TwilioClient.NewCallSid()));
        Assert.Contains("39 19", TwilioClient.Heard(closed), StringComparison.Ordinal);
        Assert.DoesNotContain("tapez 4", TwilioClient.Heard(closed), StringComparison.Ordinal);

        app.Time.Advance(TimeSpan.FromHours(1));
        var open = await app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(TwilioClient.NewCallSid()));
        Assert.Contains("tapez 4", TwilioClient.Heard(open), StringComparison.Ordinal);
    }

    /// <summary>
    /// The override is ours: it closes our line at 10:00 but not the 116 006, whose named calendar says it answers at
    /// that hour, so the closed-line message served by the real server says it answers today.
    /// </summary>
    [Fact]
    public async Task Closing_our_line_does_not_close_the_116_006_in_what_callers_hear()
    {
        using var client = Admin(app);
        (await client.PutAsJsonAsync("/api/hours/override", new { mode = "closed", until = _morning.AddHours(1), reason = "Équipe en formation" })).Dispose();

        var closed = await app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(TwilioClient.NewCallSid()));

        Assert.Contains("116 006, France Victimes, pour toutes les victimes, femmes et hommes, répond aujourd'hui jusqu'à 19 heures", TwilioClient.Heard(closed), StringComparison.Ordinal);
        Assert.DoesNotContain("est fermé en ce moment", TwilioClient.Heard(closed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_on_a_closed_day_is_readable_and_logged()
    {
        var closedMorning = app.AdvanceToNextMorning(open: false);
        using var client = Admin(app);
        (await client.PutAsJsonAsync("/api/hours/override", new { mode = "open", until = closedMorning.AddHours(10), reason = "Crise" })).Dispose();

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/hours/override"));

        Assert.True(doc.RootElement.GetProperty("active").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("open").GetBoolean());
        Assert.Equal("Crise", doc.RootElement.GetProperty("override").GetProperty("reason").GetString());
        await using var db = await app.OpenDatabaseAsync();
        Assert.True(await db.ExecuteScalarAsync<long>("select count(*) from service_events where kind = 'hours-override-set'") >= 1);
    }

    [Fact]
    public async Task Override_survives_a_restart()
    {
        using (var client = Admin(app))
        {
            (await client.PutAsJsonAsync("/api/hours/override", new { mode = "closed", until = _morning.AddHours(3), reason = "Réunion" })).Dispose();
        }

        await app.StartAsync();
        await app.Services.GetRequiredService<Helpline.Server.Hours.HoursOverrideService>().RefreshAsync(CancellationToken.None);

        using var after = Admin(app);
        using var doc = JsonDocument.Parse(await after.GetStringAsync("/api/hours/override"));
        Assert.Equal("Réunion", doc.RootElement.GetProperty("override").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Deleting_the_override_reopens_and_is_logged()
    {
        using var client = Admin(app);
        (await client.PutAsJsonAsync("/api/hours/override", new { mode = "closed", until = _morning.AddHours(3), reason = "Réunion" })).Dispose();

        using var deleted = await client.DeleteAsync("/api/hours/override");
        using var again = await client.DeleteAsync("/api/hours/override");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/hours/override"));
        Assert.False(doc.RootElement.GetProperty("active").GetBoolean());
    }

    [Theory]
    [InlineData("{\"mode\":\"ouvert\",\"until\":\"+2h\",\"reason\":\"x\"}", "mode")]
    [InlineData("{\"mode\":1,\"until\":\"+2h\",\"reason\":\"x\"}", "mode")]
    [InlineData("{\"mode\":\"open\",\"until\":\"-1h\",\"reason\":\"x\"}", "until")]
    [InlineData("{\"mode\":\"open\",\"until\":\"+2000h\",\"reason\":\"x\"}", "until")]
    [InlineData("{\"mode\":\"open\",\"reason\":\"x\"}", "until")]
    [InlineData("{\"mode\":\"open\",\"until\":null,\"reason\":\"x\"}", "until")]
    [InlineData("{\"mode\":\"open\",\"until\":\"2027-03-28T02:30:00\",\"reason\":\"x\"}", "until")]
    [InlineData("{\"mode\":\"open\",\"until\":\"tomorrow\",\"reason\":\"x\"}", "until")]
    [InlineData("{\"mode\":\"open\",\"until\":20261201,\"reason\":\"x\"}", "until")]
    [InlineData("{\"mode\":\"open\",\"until\":\"+2h\"}", "reason")]
    [InlineData("{\"mode\":\"open\",\"until\":\"+2h\",\"reason\":[\"x\"]}", "reason")]
    public async Task Invalid_override_is_refused_with_the_field_named(string json, string field)
    {
        using var client = Admin(app);

        foreach (var hours in new[] { 2, -1, 2000 })
        {
            json = json.Replace($"\"{(hours > 0 ? "+" : string.Empty)}{hours}h\"", $"\"{_morning.AddHours(hours):O}\"", StringComparison.Ordinal);
        }

        using var response = await client.PutAsync("/api/hours/override", new StringContent(json, new MediaTypeHeaderValue("application/json")));

        var errors = await ProblemAsync(response);
        Assert.True(errors.Count == 1 && errors.ContainsKey(field), $"{json}: {string.Join(", ", errors.Keys)}");
    }

    [Theory]
    [InlineData("not json", "body")]
    [InlineData("", "body")]
    [InlineData("{\"mode\":", "body")]
    [InlineData("[]", "body")]
    [InlineData("\"2026-12-01T09:00\"", "body")]
    [InlineData("{\"until\":\"tomorrow\"}", "until")]
    public async Task Malformed_json_is_a_bad_request_with_a_problem_naming_what_is_wrong(string json, string field)
    {
        using var client = Admin(app);

        using var response = await client.PutAsync("/api/hours/override", new StringContent(json, new MediaTypeHeaderValue("application/json")));

        var errors = await ProblemAsync(response);
        Assert.True(errors.ContainsKey(field), $"{json}: {string.Join(", ", errors.Keys)}");
    }

    /// <summary>
    /// A time without an offset is Paris wall-clock time: 09:00 a week from now is stored as 08:00 UTC in winter (it
    /// used to be stored as 09:00 UTC, and the line stayed closed an hour late), and is echoed back with Paris's offset.
    /// </summary>
    [Fact]
    public async Task Until_without_offset_is_stored_as_paris_time()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var day = TimeZoneInfo.ConvertTime(_morning, paris).Date.AddDays(7);
        var nine = new DateTimeOffset(day.AddHours(9), paris.GetUtcOffset(day.AddHours(9)));
        using var client = Admin(app);

        using var put = await client.PutAsJsonAsync("/api/hours/override", new { mode = "closed", until = $"{day:yyyy-MM-dd}T09:00:00", reason = "Formation" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var doc = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        Assert.Equal($"{day:yyyy-MM-dd}T09:00:00{(nine.Offset == TimeSpan.FromHours(1) ? "+01:00" : "+02:00")}", doc.RootElement.GetProperty("until").GetString());
        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(nine.UtcDateTime, await db.ExecuteScalarAsync<DateTime>("select until from hours_override where id = 1"));
    }

    /// <summary>
    /// In Development, Testing and Production alike (each a fresh server whose clock reads Tuesday 24 November 2026,
    /// 10:00 Paris): "2026-12-01T09:00:00" is stored as 2026-12-01T08:00Z, and an <c>until</c> that is not one Paris
    /// instant gets 400 with a problem body naming <c>until</c> and saying why. Inputs tried: the hour skipped on
    /// 28 March 2027, the hour lived twice on 31 October 2027 (both offsets named), "tomorrow", a space separator,
    /// month 13, a date alone, an empty string, a number, an object; and a body that is not JSON (named <c>body</c>).
    /// </summary>
    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    [InlineData("Production")]
    public async Task Until_is_paris_time_and_a_bad_one_is_a_problem_naming_until_in_every_environment(string environment)
    {
        await using var server = new HelplineApp { EnvironmentName = environment };
        await server.InitializeAsync();
        Assert.Equal(environment, server.Services.GetRequiredService<IHostEnvironment>().EnvironmentName);
        using var client = Admin(server);

        using (var put = await client.PutAsJsonAsync("/api/hours/override", new { mode = "closed", until = "2026-12-01T09:00:00", reason = "Formation" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            await using var db = await server.OpenDatabaseAsync();
            Assert.Equal(new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc), await db.ExecuteScalarAsync<DateTime>("select until from hours_override where id = 1"));
        }

        foreach (var (until, why) in new[]
        {
            ("\"2027-03-28T02:30:00\"", "'2027-03-28T02:30:00' does not exist in Europe/Paris: clocks go from 02:00 to 03:00 on 2027-03-28"),
            ("\"2027-10-31T02:30:00\"", "add the offset you mean: 2027-10-31T02:30:00+02:00 (the first time, before the change) or 2027-10-31T02:30:00+01:00"),
            ("\"tomorrow\"", "'tomorrow' is not a date and time"),
            ("\"2026-12-01 09:00\"", "write a T between them: 2026-12-01T09:00"),
            ("\"2026-13-01T00:00\"", "has no such date (2026-13-01)"),
            ("\"2026-12-01\"", "is a date without a time"),
            ("\"\"", "no date and time given"),
            ("20261201", "must be a JSON string holding a date and time"),
            ("{}", "must be a JSON string holding a date and time"),
        })
        {
            var json = $"{{\"mode\":\"closed\",\"until\":{until},\"reason\":\"Formation\"}}";
            using var response = await client.PutAsync("/api/hours/override", new StringContent(json, new MediaTypeHeaderValue("application/json")));

            var errors = await ProblemAsync(response, $"{environment}, until {until}");
            Assert.True(errors.Count == 1 && errors.TryGetValue("until", out var messages) && messages[0].Contains(why, StringComparison.Ordinal),
                $"{environment}, until {until}: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
        }

        using var notJson = await client.PutAsync("/api/hours/override", new StringContent("{\"mode\":", new MediaTypeHeaderValue("application/json")));
        Assert.True((await ProblemAsync(notJson, $"{environment}, truncated JSON")).ContainsKey("body"), environment);
    }

    /// <summary>Asserts a 400 with an RFC 7807 validation problem body; returns its <c>errors</c> by field.</summary>
    private static async Task<Dictionary<string, string[]>> ProblemAsync(HttpResponseMessage response, string? because = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: {(int)response.StatusCode} {text}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{because}: {response.Content.Headers.ContentType} {text}");
        using var doc = JsonDocument.Parse(text);
        Assert.Equal(400, doc.RootElement.GetProperty("status").GetInt32());
        return doc.RootElement.GetProperty("errors").EnumerateObject()
            .ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());
    }

    private static HttpClient Admin(HelplineApp target)
    {
        var client = target.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", target.AdminTokenInUse);
        return client;
    }
}
