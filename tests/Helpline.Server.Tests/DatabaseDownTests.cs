using System.Net;
using Helpline.Server.Testing;
using Helpline.Testing;

namespace Helpline.Server.Tests;

/// <summary>Our own database failing must not silence the line: callers still get the flow's answers.</summary>
public sealed class DatabaseDownTests : IAsyncLifetime
{
    private readonly HelplineApp _app = new()
    {
        WaitForDatabase = false,
        ConnectionStringOverride = $"Host=127.0.0.1;Port={FreeTcpPort.Find()};Database=nowhere;Username=nobody;Password=x;Timeout=2",
    };

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Incoming_call_still_gets_the_menu_and_its_next_step_when_the_database_is_unreachable()
    {
        var twilio = _app.Twilio();
        var sid = TwilioClient.NewCallSid();

        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var action = twilio.Relative(TwilioClient.Action(menu, "Gather")!);
        var form = TwilioClient.Incoming(sid);
        form["Digits"] = "1";
        var transfer = await twilio.TwimlAsync(action, form);

        Assert.Contains("tapez 1", TwilioClient.Heard(menu), StringComparison.Ordinal);
        Assert.Equal("17", transfer.Descendants("Dial").Single().Value.Trim());
        // Flags and the saturation challenge could not be read: she goes through, and it is logged (issue 14).
        Assert.Contains(_app.Logs.Lines, line => line.Contains($"Call {sid}: the database did not answer in time, so the caller's flags", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/voice/agent?w=1")]
    [InlineData("/voice/agent/result?w=1&f=x&st=file-ecoutantes&s=3&a=0")]
    [InlineData("/voice/queue/wait?f=x&st=file-ecoutantes&s=3&a=0")]
    public async Task Routing_steps_without_a_database_end_in_the_emergency_message_not_an_error(string pathAndQuery)
    {
        var form = TwilioClient.Incoming(TwilioClient.NewCallSid());
        form["DialCallStatus"] = "completed";

        var twiml = await _app.Twilio().TwimlAsync(pathAndQuery, form);

        Assert.True(twiml.Descendants("Leave").Any() || TwilioClient.Heard(twiml).Contains("39 19", StringComparison.Ordinal), twiml.ToString());
    }

    [Fact]
    public async Task Readiness_reports_the_database_as_unreachable()
    {
        using var client = _app.CreateClient();

        using var response = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"reachable\":false", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_callback_is_accepted_even_if_it_cannot_be_stored()
    {
        var form = TwilioClient.Incoming(TwilioClient.NewCallSid());
        form["CallStatus"] = "completed";

        using var response = await _app.Twilio().PostAsync("/voice/status", form);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>A supervisor's change that cannot be stored says so (503, retry later) rather than a bare 500.</summary>
    [Theory]
    [InlineData("PUT", "/api/saturation", "{\"until\":\"2026-11-24T12:00\",\"reason\":\"attaque\"}")]
    [InlineData("PUT", "/api/callers/flags/CA00000000000000000000000000000001", "{\"kind\":\"blocked\",\"reason\":\"menaces\"}")]
    [InlineData("GET", "/api/callers/flags", null)]
    [InlineData("DELETE", "/api/saturation", null)]
    public async Task Api_changes_that_cannot_be_stored_get_503_with_a_problem_body(string method, string path, string? body)
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _app.AdminTokenInUse);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("nothing was changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
