using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Helpline.Load;

/// <summary>What one concurrency level of whole calls gave.</summary>
internal sealed record CallsResult(int Calls, double CallsPerSecond, double RequestsPerSecond, double P50, double P99, double Max, long Errors, string? FirstError);

/// <summary>
/// Realistic whole calls, as the provider makes them: N callers at once, each one a loop of calls — the incoming webhook,
/// a pause while the menu plays, choice 4 (the social workers' queue), one to three hold-music polls of the wait URL a
/// pause apart, then the caller hangs up (the Enqueue action with QueueResult=hangup) and the status callback closes the
/// call. Pauses are 0.5–1.5 s, compressed from real life (a menu lasts ~20 s, hold audio loops every ~30 s), so one
/// concurrent call here sends more traffic than a real one: the figures are pessimistic. The floor replays exactly the same
/// paced traffic against a static TwiML endpoint.
/// </summary>
internal static class WholeCalls
{
    /// <summary>Runs <paramref name="calls"/> concurrent callers for a warm-up then <paramref name="duration"/>.</summary>
    /// <param name="post">Sends one webhook (path and query, form) and returns the TwiML; throws on an error status.</param>
    public static async Task<CallsResult> RunAsync(int calls, TimeSpan warmup, TimeSpan duration, Func<HttpClient, string, Dictionary<string, string>, Task<string>> post)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = calls, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
        var clock = Stopwatch.StartNew();
        var measureFrom = warmup;
        var measureUntil = warmup + duration;
        string? firstError = null;
        var callers = Enumerable.Range(0, calls).Select(i => Task.Run(async () =>
        {
            var random = new Random(i);
            var latencies = new List<double>(4096);
            long errors = 0;
            var completed = 0;
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1000))); // callers do not all ring at the same millisecond
            while (clock.Elapsed < measureUntil)
            {
                var measured = clock.Elapsed >= measureFrom;
                try
                {
                    await OneCallAsync(client, random, post, measured ? latencies : null);
                    if (measured && clock.Elapsed <= measureUntil)
                    {
                        completed++;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
                {
                    if (measured)
                    {
                        errors++;
                        Interlocked.CompareExchange(ref firstError, ex.Message, null);
                    }
                }
            }

            return (latencies, errors, completed);
        })).ToList();
        var done = await Task.WhenAll(callers);
        var seconds = duration.TotalSeconds;
        var all = done.SelectMany(d => d.latencies).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        return new CallsResult(calls, done.Sum(d => d.completed) / seconds, all.Length / seconds, Percentile(0.50), Percentile(0.99),
            all.Length == 0 ? double.NaN : all[^1], done.Sum(d => d.errors), firstError);
    }

    /// <summary>Sends one webhook to the real server, signed, and times it.</summary>
    public static Func<HttpClient, string, Dictionary<string, string>, Task<string>> Server(string baseUrl, string token) =>
        (client, pathAndQuery, form) => SendAsync(client, Scenarios.Signed(baseUrl, pathAndQuery, token, form));

    /// <summary>Sends the same request to the static TwiML floor instead (same size of form, same pacing).</summary>
    public static Func<HttpClient, string, Dictionary<string, string>, Task<string>> Floor(string floorUrl) =>
        (client, _, form) => SendAsync(client, new HttpRequestMessage(HttpMethod.Post, floorUrl + "/floor/static") { Content = new FormUrlEncodedContent(form) });

    private static async Task OneCallAsync(HttpClient client, Random random, Func<HttpClient, string, Dictionary<string, string>, Task<string>> post, List<double>? latencies)
    {
        async Task<string> TimedAsync(string path, Dictionary<string, string> form)
        {
            var start = Stopwatch.GetTimestamp();
            var body = await post(client, path, form);
            latencies?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            return body;
        }

        Task ThinkAsync() => Task.Delay(TimeSpan.FromMilliseconds(500 + random.Next(0, 1000)));

        var sid = "CA" + Guid.NewGuid().ToString("N");
        var form = Scenarios.IncomingForm(sid);
        var menu = await TimedAsync("/voice/incoming", form);
        await ThinkAsync();
        var inProgress = new Dictionary<string, string>(form) { ["CallStatus"] = "in-progress" };
        var choice = await TimedAsync(Attribute(menu, "Gather", "action") ?? "/voice/gather", new Dictionary<string, string>(inProgress) { ["Digits"] = "4" });
        var polls = random.Next(1, 4);
        var queued = !choice.Contains("<Dial", StringComparison.Ordinal);
        for (var poll = 1; poll <= polls; poll++)
        {
            await ThinkAsync();
            if (queued)
            {
                await TimedAsync(Attribute(choice, "Enqueue", "waitUrl") ?? "/voice/queue/wait", new Dictionary<string, string>(inProgress)
                {
                    ["QueueSid"] = "QU00000000000000000000000000000000", ["QueuePosition"] = "1", ["QueueTime"] = (poll * 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["AvgQueueTime"] = "30", ["CurrentQueueSize"] = "1",
                });
            }
            else
            {
                break; // overflowed to a transfer at once: the caller is on the line with the other service
            }
        }

        if (queued)
        {
            await TimedAsync(Attribute(choice, "Enqueue", "action") ?? "/voice/queue", new Dictionary<string, string>(inProgress) { ["QueueResult"] = "hangup", ["QueueTime"] = "60" });
        }
        else
        {
            await TimedAsync(Attribute(choice, "Dial", "action") ?? "/voice/dial", new Dictionary<string, string>(inProgress) { ["DialCallStatus"] = "completed", ["DialCallDuration"] = "30" });
        }

        await TimedAsync("/voice/status", new Dictionary<string, string>(form) { ["CallStatus"] = "completed", ["CallDuration"] = "90" });
    }

    private static async Task<string> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{request.RequestUri?.AbsolutePath} -> {(int)response.StatusCode}");
            }

            return body;
        }
    }

    /// <summary>The path and query of an attribute of the first such element (absolute URLs lose their scheme and host).</summary>
    private static string? Attribute(string twiml, string element, string attribute)
    {
        var match = Regex.Match(twiml, "<" + element + " [^>]*" + attribute + "=\"(?:[a-z]+://[^/\"]+)?([^\"]+)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }
}
