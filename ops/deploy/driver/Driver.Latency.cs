using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Helpline.DeploymentDriver;

internal sealed partial class Driver
{
    /// <summary>
    /// What nginx and TLS add: 300 new-call webhooks (POST /voice/incoming, signed for the public URL) one after the
    /// other through https://… and nginx, interleaved with 300 straight to instance A over http, after 50 of warm-up.
    /// </summary>
    private async Task LatencyAsync()
    {
        using var direct = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var throughNginx = new List<double>();
        var straight = new List<double>();
        var errors = 0;
        for (var i = 0; i < 350; i++)
        {
            foreach (var (url, client, into) in new[] { (provider.PublicBaseUrl, (HttpClient?)null, throughNginx), ($"http://127.0.0.1:{A}", direct, straight) })
            {
                var form = Provider.Incoming(Provider.NewCallSid());
                using var request = provider.Signed(url + "/voice/incoming", provider.PublicBaseUrl + "/voice/incoming", form);
                var started = Stopwatch.GetTimestamp();
                var status = client is null ? await provider.SendPublicAsync(request) : await SendAsync(client, request);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (status != HttpStatusCode.OK)
                {
                    errors++;
                }

                if (i >= 50)
                {
                    into.Add(elapsed);
                }
            }
        }

        throughNginx.Sort();
        straight.Sort();
        results.Check(errors == 0, "latency of a new-call webhook, one at a time (300 each after 50 of warm-up)", string.Create(CultureInfo.InvariantCulture,
            $"through nginx + TLS: p50 {Verdicts.Ms(Percentile(throughNginx, 0.5))}, p99 {Verdicts.Ms(Percentile(throughNginx, 0.99))}; straight to an instance: p50 {Verdicts.Ms(Percentile(straight, 0.5))}, p99 {Verdicts.Ms(Percentile(straight, 0.99))}; {errors} errors"));
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        return response.StatusCode;
    }
}
