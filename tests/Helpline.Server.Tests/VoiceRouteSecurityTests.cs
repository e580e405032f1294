using System.Net;
using System.Xml.Linq;
using Helpline.Server.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Helpline.Server.Tests;

/// <summary>Every /voice route refuses unsigned requests, whatever routes are added later; the static fallback is safe TwiML.</summary>
public sealed class VoiceRouteSecurityTests(HelplineApp app) : IClassFixture<HelplineApp>
{
    public static TheoryData<string> VoiceRoutes()
    {
        var data = new TheoryData<string>();
        foreach (var route in Routes())
        {
            data.Add(route);
        }

        return data;
    }

    [Fact]
    public void The_voice_routes_are_found()
    {
        var routes = Routes();

        Assert.Contains("/voice/incoming", routes);
        Assert.Contains("/voice/agent/result", routes);
        Assert.True(routes.Count >= 9, string.Join(", ", routes));
    }

    [Theory]
    [MemberData(nameof(VoiceRoutes))]
    public async Task Every_voice_route_rejects_an_unsigned_request(string route)
    {
        using var client = app.CreateClient();
        using var content = new FormUrlEncodedContent(TwilioClient.Incoming(TwilioClient.NewCallSid()));

        using var response = await client.PostAsync(route + "?f=x&st=accueil&s=1&a=0&w=1", content);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public void Static_fallback_twiml_gives_the_emergency_numbers_the_114_and_the_116_006_and_transfers_to_3919()
    {
        var doc = XDocument.Load(Path.Combine(HelplineApp.RepoRoot, "ops", "fallback.xml"));

        var said = string.Join(" ", doc.Descendants("Say").Select(s => s.Value));
        Assert.Equal("Response", doc.Root!.Name.LocalName);
        Assert.Equal("3919", doc.Descendants("Dial").Single().Value.Trim());
        foreach (var number in new[] { "17", "112", "115", "119", "39 19", "114 par SMS", "116 006 répond tous les jours de 9 heures à 19 heures" })
        {
            Assert.Contains(number, said, StringComparison.Ordinal);
        }
    }

    private static List<string> Routes()
    {
        var probe = new HelplineApp();
        probe.InitializeAsync().GetAwaiter().GetResult();
        try
        {
            return probe.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
                .Where(p => p.StartsWith("/voice", StringComparison.Ordinal))
                .Distinct().Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            probe.DisposeAsync().GetAwaiter().GetResult();
        }
    }
}
