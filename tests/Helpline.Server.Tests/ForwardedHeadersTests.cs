using System.Net;
using System.Net.Sockets;
using Helpline.Server.Testing;
using Helpline.Testing;
using Helpline.Twilio.Security;
using Microsoft.Extensions.Primitives;

namespace Helpline.Server.Tests;

/// <summary>
/// Forwarded headers are believed from the configured reverse proxies only (<c>Helpline:ForwardedHeaders:*</c>; the
/// settings' checks are in the unit tests' <c>ForwardedHeadersSettingsTests</c>): the real server process, with an empty
/// <c>Helpline:PublicBaseUrl</c> (the public URL then comes from each request), accepts a webhook signed for the public
/// HTTPS URL when the proxy's address (127.0.0.2) forwards it, and refuses the very same request from any other
/// address (127.0.0.1), where the forged headers are ignored and the URL checked is the instance's own.
/// </summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private const string PublicUrl = "https://ecoute.departement.test";
    private const string Proxy = "127.0.0.2";
    private ServerProcess? _server;

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
