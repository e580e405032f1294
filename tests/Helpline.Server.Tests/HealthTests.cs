using System.Net;
using System.Text.Json;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>Liveness and readiness as a load balancer and an operator read them.</summary>
public sealed class HealthTests(HelplineApp app) : IClassFixture<HelplineApp>
{
    [Fact]
    public async Task Healthz_answers_ok()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_reports_the_database_and_the_loaded_flow()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/readyz");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(doc.RootElement.GetProperty("database").GetProperty("reachable").GetBoolean());
        Assert.Equal("un-premier-pas", doc.RootElement.GetProperty("flow").GetProperty("name").GetString());
        Assert.Matches("^[0-9a-f]{64}$", doc.RootElement.GetProperty("flow").GetProperty("hash").GetString());
    }
}
