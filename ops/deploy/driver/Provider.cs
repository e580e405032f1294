using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Helpline.Twilio.Security;
using Microsoft.Extensions.Primitives;

namespace Helpline.DeploymentDriver;

/// <summary>
/// Plays the provider: posts form webhooks signed with the auth token for the URL it was given (the public HTTPS URL
/// through nginx, or any URL the forged-header checks want), and follows the absolute URLs our TwiML hands back.
/// Trusts exactly the trial's self-signed certificate (its SHA-256 pinned), nothing else.
/// </summary>
internal sealed class Provider(string authToken, string publicBaseUrl, X509Certificate2 certificate) : IDisposable
{
    private readonly HttpClient _public = Client(certificate, null);

    /// <summary>Latencies (ms) of every webhook sent through the public URL, for the report.</summary>
    public List<double> Latencies { get; } = [];

    public string PublicBaseUrl => publicBaseUrl;

    public static Dictionary<string, string> Incoming(string callSid) => new()
    {
        ["CallSid"] = callSid,
        ["AccountSid"] = Driver.AccountSid,
        ["From"] = "+33612345678",
        ["To"] = "+33320000000",
        ["CallStatus"] = "ringing",
        ["Direction"] = "inbound",
        ["ApiVersion"] = "2010-04-01",
    };

    public static Dictionary<string, string> Step(string callSid, params (string Key, string Value)[] fields)
    {
        var form = Incoming(callSid);
        form["CallStatus"] = "in-progress";
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        return form;
    }

    public static string NewCallSid() => "CA" + Guid.NewGuid().ToString("N");

    /// <summary>Posts a webhook to the public URL (path and query, or an absolute URL our TwiML gave) and returns the TwiML; throws unless 200.</summary>
    public async Task<XDocument> TwimlAsync(string pathOrUrl, Dictionary<string, string> form)
    {
        var url = pathOrUrl.StartsWith("https://", StringComparison.Ordinal) ? pathOrUrl : publicBaseUrl + pathOrUrl;
        var started = Stopwatch.GetTimestamp();
        using var response = await _public.SendAsync(Signed(url, url, form));
        var body = await response.Content.ReadAsStringAsync();
        lock (Latencies)
        {
            Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{new Uri(url).AbsolutePath} answered {(int)response.StatusCode}: {body}");
        }

        return XDocument.Parse(body);
    }

    /// <summary>Posts a webhook to the public URL and returns only the status (the status callback answers 204).</summary>
    public async Task<HttpStatusCode> PostAsync(string pathOrUrl, Dictionary<string, string> form)
    {
        var url = pathOrUrl.StartsWith("https://", StringComparison.Ordinal) ? pathOrUrl : publicBaseUrl + pathOrUrl;
        using var response = await _public.SendAsync(Signed(url, url, form));
        return response.StatusCode;
    }

    /// <summary>Sends a prepared request with the public client (kept-alive connections, as the provider's).</summary>
    public async Task<HttpStatusCode> SendPublicAsync(HttpRequestMessage request)
    {
        using var response = await _public.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        return response.StatusCode;
    }

    /// <summary>Sends <paramref name="request"/> to its URL from <paramref name="sourceAddress"/> (127.0.0.1 or the proxy's 127.0.0.2) and returns the status.</summary>
    public async Task<HttpStatusCode> StatusFromAsync(string sourceAddress, HttpRequestMessage request)
    {
        using var client = Client(certificate, sourceAddress);
        using (request)
        using (var response = await client.SendAsync(request))
        {
            return response.StatusCode;
        }
    }

    /// <summary>A webhook request to <paramref name="sendTo"/> whose signature covers <paramref name="signedFor"/>.</summary>
    public HttpRequestMessage Signed(string sendTo, string signedFor, Dictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, sendTo) { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature",
            RequestValidator.ComputeSignature(authToken, signedFor, form.Select(kv => new KeyValuePair<string, StringValues>(kv.Key, kv.Value))));
        return request;
    }

    public static string? Action(XDocument twiml, string verb) => twiml.Descendants(verb).FirstOrDefault()?.Attribute("action")?.Value;

    public static string Spoken(XDocument twiml) => string.Join(" ", twiml.Descendants("Say").Select(e => e.Value));

    public void Dispose() => _public.Dispose();

    /// <summary>An HTTP client that accepts only <paramref name="pinned"/> for TLS and connects from <paramref name="source"/> when given.</summary>
    public static HttpClient Client(X509Certificate2 pinned, string? source)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is not null && presented.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) == pinned.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256),
            },
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        };
        if (source is not null)
        {
            handler.ConnectCallback = async (context, ct) =>
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
            };
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }
}
