using System.Globalization;
using System.Net;

namespace Helpline.DeploymentDriver;

internal sealed partial class Driver
{
    /// <summary>
    /// Forwarded headers count only from the configured proxy. Instance C runs the same unit with an empty
    /// Helpline:PublicBaseUrl (its instance file), so the URL it checks comes from the request: from the proxy's address
    /// the forwarded scheme and host make the public URL; from anyone else they are ignored and the request gets 403.
    /// </summary>
    private async Task ForgedHeadersAsync()
    {
        var forgedUrl = "https://evil.example" + "/voice/incoming";
        var direct = $"http://127.0.0.1:{A}/voice/incoming";
        var code = await provider.StatusFromAsync("127.0.0.1",
            Forwarded(provider.Signed(direct, forgedUrl, Provider.Incoming(Provider.NewCallSid())), "evil.example"));
        results.Check(code == HttpStatusCode.Forbidden, "forged X-Forwarded-* straight to an instance (signed for the forged URL): 403", $"{(int)code}");

        code = await provider.StatusFromAsync("127.0.0.1",
            Forwarded(provider.Signed(provider.PublicBaseUrl + "/voice/incoming", forgedUrl, Provider.Incoming(Provider.NewCallSid())), "evil.example"));
        results.Check(code == HttpStatusCode.Forbidden, "forged X-Forwarded-Host sent through nginx: nginx overwrites it, 403", $"{(int)code}");

        code = await provider.StatusFromAsync("127.0.0.1", new HttpRequestMessage(HttpMethod.Post, provider.PublicBaseUrl + "/voice/incoming")
        {
            Content = new FormUrlEncodedContent(Provider.Incoming(Provider.NewCallSid())),
        });
        results.Check(code == HttpStatusCode.Forbidden, "an unsigned webhook through nginx: 403", $"{(int)code}");

        var c = options.TrustedOnlyInstance;
        await deployment.StartAsync(c);
        try
        {
            var publicHost = new Uri(provider.PublicBaseUrl).Authority;
            var toC = $"http://127.0.0.1:{c}/voice/incoming";
            var fromProxy = await provider.StatusFromAsync(options.ProxyAddress,
                Forwarded(provider.Signed(toC, provider.PublicBaseUrl + "/voice/incoming", Provider.Incoming(Provider.NewCallSid())), publicHost));
            var fromElsewhere = await provider.StatusFromAsync("127.0.0.1",
                Forwarded(provider.Signed(toC, provider.PublicBaseUrl + "/voice/incoming", Provider.Incoming(Provider.NewCallSid())), publicHost));
            results.Check(fromProxy == HttpStatusCode.OK && fromElsewhere == HttpStatusCode.Forbidden,
                $"public URL from forwarded headers (PublicBaseUrl empty): believed from the proxy {options.ProxyAddress}, ignored from 127.0.0.1",
                string.Create(CultureInfo.InvariantCulture, $"from {options.ProxyAddress}: {(int)fromProxy}; the same request from 127.0.0.1: {(int)fromElsewhere}"));
        }
        finally
        {
            await deployment.StopAsync(c);
        }
    }

    private static HttpRequestMessage Forwarded(HttpRequestMessage request, string host)
    {
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", host);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        return request;
    }
}
