using System.Net;
using System.Net.Sockets;
using Helpline.Server.Tests.Infrastructure;
using Helpline.Testing;
using Helpline.Twilio.Security;
using Microsoft.Extensions.Primitives;

namespace Helpline.Server.Tests;

/// <summary>
/// Forwarded headers are believed from the configured reverse proxies only (<c>Helpline:ForwardedHeaders:*</c>): the
/// settings are checked at start like every other key, and the real server process, with an empty
/// <c>Helpline:PublicBaseUrl</c> (the public URL then comes from each request), accepts a webhook signed for the public
/// HTTPS URL when the proxy's address (127.0.0.2) forwards it, and refuses the very same request from any other
/// address (127.0.0.1), where the forged headers are ignored and the URL checked is the instance's own.
/// </summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private const string PublicUrl = "https://ecoute.departement.test";
    private const string Proxy = "127.0.0.2";
    private ServerProcess? _server;

    public static TheoryData<string, string, string> BadValues() => new()
    {
        { "Helpline:ForwardedHeaders:KnownProxies:0", "proxy.departement.fr", "Helpline:ForwardedHeaders:KnownProxies:0 must be an IP address written in full" },
        { "Helpline:ForwardedHeaders:KnownProxies:0", "127.1", "Helpline:ForwardedHeaders:KnownProxies:0 must be an IP address written in full" },
        { "Helpline:ForwardedHeaders:KnownProxies:0", "10.0.0.0/8", "Helpline:ForwardedHeaders:KnownProxies:0 must be an IP address written in full" },
        { "Helpline:ForwardedHeaders:KnownProxies:0", " 10.9.8.7", "Helpline:ForwardedHeaders:KnownProxies:0 must be an IP address written in full" },
        { "Helpline:ForwardedHeaders:KnownNetworks:0", "10.9.8.7", "Helpline:ForwardedHeaders:KnownNetworks:0 must be a network in CIDR notation" },
        { "Helpline:ForwardedHeaders:KnownNetworks:0", "10.0.0.1/8", "Helpline:ForwardedHeaders:KnownNetworks:0 must be a network in CIDR notation" },
        { "Helpline:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "Helpline:ForwardedHeaders:KnownNetworks:0 must be a network in CIDR notation" },
        { "Helpline:ForwardedHeaders:KnownNetworks:0", "0.0.0.0/0", "Helpline:ForwardedHeaders:KnownNetworks:0 would trust every client's forwarded headers" },
        { "Helpline:ForwardedHeaders:KnownNetworks:0", "::/0", "Helpline:ForwardedHeaders:KnownNetworks:0 would trust every client's forwarded headers" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_proxy_setting_is_one_line_naming_the_key(string key, string value, string expected)
    {
        var problems = ConfigurationCheck.Problems((key, value));

        Assert.True(problems.Count(p => p.StartsWith(expected, StringComparison.Ordinal)) == 1, $"{key}={value}: expected a line starting with \"{expected}\", got:\n{string.Join("\n", problems)}");
        Assert.All(problems, p => Assert.DoesNotContain(value.Trim(), p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Helpline:ForwardedHeaders:KnownProxies:0", "10.0.0.2")]
    [InlineData("Helpline:ForwardedHeaders:KnownProxies:0", "::1")]
    [InlineData("Helpline:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/29")]
    [InlineData("Helpline:ForwardedHeaders:KnownNetworks:0", "fd00::/64")]
    public void A_good_proxy_setting_starts(string key, string value)
    {
        Assert.Empty(ConfigurationCheck.Problems((key, value)));
    }

    public async Task InitializeAsync()
    {
        var postgres = await PostgresServer.SharedAsync();
        var connectionString = await postgres.CreateDatabaseAsync("forwarded");
        _server = await ServerProcess.StartAsync(connectionString, new Dictionary<string, string>
        {
            ["Helpline__PublicBaseUrl"] = string.Empty,
            ["Helpline__ForwardedHeaders__KnownProxies__0"] = Proxy,
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Headers_from_the_trusted_proxy_give_the_public_url_and_the_same_from_anyone_else_get_403()
    {
        using var fromProxy = Client(Proxy);
        using var fromElsewhere = Client("127.0.0.1");

        using var forwarded = await fromProxy.SendAsync(SignedForPublicUrl(TwilioClient.NewCallSid()));
        using var forged = await fromElsewhere.SendAsync(SignedForPublicUrl(TwilioClient.NewCallSid()));

        Assert.True(forwarded.StatusCode == HttpStatusCode.OK, $"through the trusted proxy: {(int)forwarded.StatusCode}\n{_server!.Output}");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains($"URL checked: {_server.Url}/voice/incoming", _server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_forwarded_headers_the_instance_s_own_url_is_checked_from_any_address()
    {
        using var direct = Client("127.0.0.1");
        var url = _server!.Url + "/voice/incoming";
        var form = TwilioClient.Incoming(TwilioClient.NewCallSid());
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", Sign(url, form));

        using var response = await direct.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>What the proxy sends for a webhook the provider signed on the public URL: the instance's address, the public scheme and host in X-Forwarded-*.</summary>
    private HttpRequestMessage SignedForPublicUrl(string callSid)
    {
        var form = TwilioClient.Incoming(callSid);
        var request = new HttpRequestMessage(HttpMethod.Post, _server!.Url + "/voice/incoming") { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", Sign(PublicUrl + "/voice/incoming", form));
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", new Uri(PublicUrl).Host);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        return request;
    }

    private static string Sign(string url, Dictionary<string, string> form) =>
        RequestValidator.ComputeSignature(HelplineApp.AuthToken, url, form.Select(kv => new KeyValuePair<string, StringValues>(kv.Key, kv.Value)));

    /// <summary>A client whose connections leave from <paramref name="source"/> (any 127.0.0.0/8 address is this machine's loopback).</summary>
    private static HttpClient Client(string source)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }
}
