using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Helpline.Server.Testing;
using Helpline.Twilio.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Helpline.Server.Tests;

/// <summary>
/// Request size and time limits: a body over <c>Helpline:Limits:MaxBodyBytes</c> (64 KiB by default) gets 413 with a
/// problem body — declared by Content-Length or streamed chunked — and changes nothing; a body at the limit is served.
/// </summary>
public sealed class RequestLimitsTests(HelplineApp app) : IClassFixture<HelplineApp>
{
    private const int Limit = 64 * 1024;

    [Fact]
    public async Task Signed_webhook_exactly_at_the_limit_is_answered()
    {
        var sid = TwilioClient.NewCallSid();
        var form = PaddedForm(sid, Limit);

        using var response = await app.Twilio().PostAsync("/voice/incoming", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<Gather", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await CallRowsAsync(sid));
    }

    [Fact]
    public async Task Signed_webhook_one_byte_over_the_limit_gets_413_and_changes_nothing()
    {
        var sid = TwilioClient.NewCallSid();
        var form = PaddedForm(sid, Limit + 1);

        using var response = await app.Twilio().PostAsync("/voice/incoming", form);

        await AssertTooLargeAsync(response);
        Assert.Equal(0, await CallRowsAsync(sid));
    }

    [Fact]
    public async Task Chunked_webhook_over_the_limit_gets_413_and_changes_nothing()
    {
        var sid = TwilioClient.NewCallSid();
        var form = PaddedForm(sid, 4 * Limit);
        var url = HelplineApp.PublicBaseUrl + "/voice/incoming";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/voice/incoming") { Content = new ChunkedContent(Encode(form), "application/x-www-form-urlencoded") };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", Sign(url, form));
        using var client = app.CreateClient();

        using var response = await client.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength);
        await AssertTooLargeAsync(response);
        Assert.Equal(0, await CallRowsAsync(sid));
    }

    [Theory]
    [InlineData("/voice/status", "application/json")]
    [InlineData("/voice/gather?f=x&st=accueil&s=1&a=0", "text/plain")]
    [InlineData("/api/hours/override", "application/json")]
    public async Task Oversized_body_gets_413_whatever_the_route_or_content_type(string path, string contentType)
    {
        using var client = app.CreateClient();
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(new string('x', Limit + 100)));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(path.StartsWith("/api", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);

        using var response = await client.SendAsync(request);

        await AssertTooLargeAsync(response);
    }

    [Fact]
    public async Task Chunked_oversized_body_without_a_form_content_type_gets_413()
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/voice/incoming") { Content = new ChunkedContent(new byte[Limit * 2], "application/octet-stream") };

        using var response = await client.SendAsync(request);

        await AssertTooLargeAsync(response);
    }

    [Fact]
    public void Kestrel_gets_the_configured_size_and_time_limits()
    {
        var limits = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(Limit, limits.MaxRequestBodySize);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.RequestHeadersTimeout);
        Assert.Equal(240, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.MinRequestBodyDataRate.GracePeriod);
    }

    [Fact]
    public async Task The_limit_is_configurable()
    {
        await using var small = new HelplineApp { ConnectionStringOverride = app.ConnectionString };
        small.Settings["Helpline:Limits:MaxBodyBytes"] = "2048";
        await small.InitializeAsync();
        var underSid = TwilioClient.NewCallSid();
        var overSid = TwilioClient.NewCallSid();

        using var under = await small.Twilio().PostAsync("/voice/incoming", PaddedForm(underSid, 2048));
        using var over = await small.Twilio().PostAsync("/voice/incoming", PaddedForm(overSid, 2049));

        Assert.Equal(HttpStatusCode.OK, under.StatusCode);
        await AssertTooLargeAsync(over);
        Assert.Equal(2048, small.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxRequestBodySize);
    }

    /// <summary>An incoming-call form padded with a filler field so its encoded body is exactly <paramref name="bytes"/> long.</summary>
    private static Dictionary<string, string> PaddedForm(string sid, int bytes)
    {
        var form = TwilioClient.Incoming(sid);
        form["Pad"] = string.Empty;
        var bare = Encode(form).Length;
        form["Pad"] = new string('a', bytes - bare);
        Assert.Equal(bytes, Encode(form).Length);
        return form;
    }

    private static byte[] Encode(Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        return content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
    }

    private static string Sign(string url, Dictionary<string, string> form) =>
        RequestValidator.ComputeSignature(HelplineApp.AuthToken, url, form.Select(kv => new KeyValuePair<string, StringValues>(kv.Key, kv.Value)));

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Helpline:Limits:MaxBodyBytes", body, StringComparison.Ordinal);
    }

    private async Task<long> CallRowsAsync(string sid)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<long>("select count(*) from calls where call_sid = @sid", new { sid });
    }

    /// <summary>A body sent without Content-Length (chunked), in 4 KiB pieces, as a client streaming a large upload would.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes, string mediaType)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < _bytes.Length; offset += 4096)
            {
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(4096, _bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
