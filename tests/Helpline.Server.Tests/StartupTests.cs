using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Helpline.Server.Tests;

/// <summary>A bad configuration or an invalid flow stops the service at start, with a message that says what to fix.</summary>
public sealed class StartupTests
{
    [Fact]
    public void Invalid_flow_is_never_served_and_every_error_is_listed()
    {
        var dir = Directory.CreateTempSubdirectory("helpline-startup-").FullName;
        var flow = Path.Combine(dir, "flow.yaml");
        File.WriteAllText(flow, "flow: casse\nstart: nulle-part\ndestinations:\n  vfi: \"3919\"\nemergency:\n  prompt: Composez le 17.\n  transfer-to: vfi\nstates:\n  fin:\n    type: hangup\n    prompt: Au revoir.\n    typo: 1\n");

        var error = Assert.ThrowsAny<Exception>(() => Start(("Helpline:FlowPath", flow)));

        var message = Flatten(error);
        Assert.Contains("flow.yaml:2:8: error HL200", message, StringComparison.Ordinal);
        Assert.Contains("flow.yaml:12:5: error HL101", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Helpline:Twilio:AuthToken", "Helpline:Twilio:AuthToken")]
    [InlineData("Helpline:AdminToken", "Helpline:AdminToken")]
    [InlineData("Helpline:CallerHashKey", "Helpline:CallerHashKey")]
    public void Missing_secret_stops_the_service_naming_the_key(string key, string named)
    {
        var error = Assert.ThrowsAny<Exception>(() => Start((key, string.Empty)));

        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Public_base_url_too_long_for_the_providers_urls_stops_the_service_naming_the_key()
    {
        var error = Assert.ThrowsAny<Exception>(() => Start(("Helpline:PublicBaseUrl", "https://ecoute.test/" + new string('a', 500))));

        Assert.Contains("Helpline:PublicBaseUrl", Flatten(error), StringComparison.Ordinal);
    }

    private static void Start(params (string Key, string Value)[] overrides)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Helpline", "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x");
            web.UseSetting("Helpline:FlowPath", Path.Combine(Infrastructure.HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml"));
            web.UseSetting("Helpline:AdminToken", Infrastructure.HelplineApp.AdminToken);
            web.UseSetting("Helpline:CallerHashKey", Infrastructure.HelplineApp.CallerHashKey);
            web.UseSetting("Helpline:Twilio:AuthToken", Infrastructure.HelplineApp.AuthToken);
            foreach (var (key, value) in overrides)
            {
                web.UseSetting(key, value);
            }
        });
        _ = factory.Server;
    }

    private static string Flatten(Exception error) => error is AggregateException aggregate
        ? string.Join("\n", aggregate.Flatten().InnerExceptions.Select(e => e.Message))
        : error.Message + "\n" + error.InnerException?.Message;
}
