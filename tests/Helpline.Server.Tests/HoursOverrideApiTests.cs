using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Helpline.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Helpline.Server.Tests;

/// <summary>The operators' run-time exceptional opening or closing: protected, stored, applied to calls, expiring by itself, logged.</summary>
public sealed class HoursOverrideApiTests(HelplineApp app) : IClassFixture<HelplineApp>, IAsyncLifetime
{
    private DateTimeOffset _morning;

    public async Task InitializeAsync()
    {
        _morning = app.AdvanceToNextMorning(open: true);
        using var client = Admin();
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
        using var client = Admin();
        using var put = await client.PutAsJsonAsync("/api/hours/override", new { mode = "closed", until = _morning.AddHours(1), reason = "Équipe en formation" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var closed = await app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(TwilioClient.NewCallSid()));
        Assert.Contains("39 19", TwilioClient.Heard(closed), StringComparison.Ordinal);
        Assert.DoesNotContain("tapez 4", TwilioClient.Heard(closed), StringComparison.Ordinal);

        app.Time.Advance(TimeSpan.FromHours(1));
        var open = await app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(TwilioClient.NewCallSid()));
        Assert.Contains("tapez 4", TwilioClient.Heard(open), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_on_a_closed_day_is_readable_and_logged()
    {
        var closedMorning = app.AdvanceToNextMorning(open: false);
        using var client = Admin();
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
        using (var client = Admin())
        {
            (await client.PutAsJsonAsync("/api/hours/override", new { mode = "closed", until = _morning.AddHours(3), reason = "Réunion" })).Dispose();
        }

        await app.StartAsync();
        await app.Services.GetRequiredService<Helpline.Server.Hours.HoursOverrideService>().RefreshAsync(CancellationToken.None);

        using var after = Admin();
        using var doc = JsonDocument.Parse(await after.GetStringAsync("/api/hours/override"));
        Assert.Equal("Réunion", doc.RootElement.GetProperty("override").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Deleting_the_override_reopens_and_is_logged()
    {
        using var client = Admin();
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
    [InlineData("{\"mode\":\"open\",\"until\":\"-1h\",\"reason\":\"x\"}", "until")]
    [InlineData("{\"mode\":\"open\",\"until\":\"+2000h\",\"reason\":\"x\"}", "until")]
    [InlineData("{\"mode\":\"open\",\"reason\":\"x\"}", "until")]
    [InlineData("{\"mode\":\"open\",\"until\":\"+2h\"}", "reason")]
    public async Task Invalid_override_is_refused_with_the_field_named(string json, string field)
    {
        using var client = Admin();

        foreach (var hours in new[] { 2, -1, 2000 })
        {
            json = json.Replace($"\"{(hours > 0 ? "+" : string.Empty)}{hours}h\"", $"\"{_morning.AddHours(hours):O}\"", StringComparison.Ordinal);
        }

        using var response = await client.PutAsync("/api/hours/override", new StringContent(json, new MediaTypeHeaderValue("application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"mode\":")]
    [InlineData("{\"until\":\"tomorrow\"}")]
    [InlineData("[]")]
    public async Task Malformed_json_is_a_bad_request_not_a_server_error(string json)
    {
        using var client = Admin();

        using var response = await client.PutAsync("/api/hours/override", new StringContent(json, new MediaTypeHeaderValue("application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private HttpClient Admin()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
        return client;
    }
}
