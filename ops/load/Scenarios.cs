using System.Text.RegularExpressions;
using Helpline.Twilio.Security;
using Microsoft.Extensions.Primitives;

namespace Helpline.Load;

/// <summary>One unit of work for a load worker; returns the latencies (ms) of the requests it made, or throws on an error.</summary>
internal delegate Task<int> Scenario(HttpClient client, Random random, List<double> latencies);

internal static partial class Scenarios
{
    public static Scenario Static(string baseUrl) => async (client, _, latencies) =>
    {
        await TimedAsync(client, new HttpRequestMessage(HttpMethod.Post, baseUrl + "/floor/static") { Content = new FormUrlEncodedContent([]) }, latencies);
        return 1;
    };

    public static Scenario OneTransaction(string baseUrl, string token) => async (client, random, latencies) =>
    {
        var sid = "CAFLOOR" + random.Next(1, 10_001).ToString("D27", System.Globalization.CultureInfo.InvariantCulture);
        await TimedAsync(client, Signed(baseUrl, "/floor/db", token, new Dictionary<string, string> { ["CallSid"] = sid, ["CallStatus"] = "in-progress" }), latencies);
        return 1;
    };

    /// <summary>A whole answered call's first two webhooks: the incoming call and the menu choice 4 (the queue).</summary>
    public static Scenario FullCall(string baseUrl, string token) => async (client, _, latencies) =>
    {
        var sid = "CA" + Guid.NewGuid().ToString("N");
        var form = IncomingForm(sid);
        var menu = await TimedAsync(client, Signed(baseUrl, "/voice/incoming", token, form), latencies);
        var action = ActionPattern().Match(menu);
        if (!action.Success)
        {
            throw new InvalidOperationException("no Gather action in the answer: " + menu);
        }

        var next = new Dictionary<string, string>(form) { ["Digits"] = "4", ["CallStatus"] = "in-progress" };
        var queued = await TimedAsync(client, Signed(baseUrl, action.Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal), token, next), latencies);
        if (!queued.Contains("<Enqueue", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("choice 4 did not queue: " + queued);
        }

        return 2;
    };

    public static Dictionary<string, string> IncomingForm(string sid) => new()
    {
        ["CallSid"] = sid,
        ["AccountSid"] = "AC00000000000000000000000000000000",
        // Each call from its own caller, as on the line: one number calling thousands of times an hour would meet the
        // hourly limit's keypad challenge (Helpline:Callers:MaxCallsPerHour) instead of the queue.
        ["From"] = "+336" + ((uint)sid.GetHashCode(StringComparison.Ordinal) % 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture),
        ["To"] = "+33320000000",
        ["CallStatus"] = "ringing",
        ["Direction"] = "inbound",
        ["ApiVersion"] = "2010-04-01",
    };

    public static HttpRequestMessage Signed(string baseUrl, string pathAndQuery, string token, Dictionary<string, string> form)
    {
        var url = baseUrl + pathAndQuery;
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature",
            RequestValidator.ComputeSignature(token, url, form.Select(kv => new KeyValuePair<string, StringValues>(kv.Key, kv.Value))));
        return request;
    }

    private static async Task<string> TimedAsync(HttpClient client, HttpRequestMessage request, List<double> latencies)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        using (request)
        using (var response = await client.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            latencies.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{request.RequestUri} -> {(int)response.StatusCode}");
            }

            return body;
        }
    }

    [GeneratedRegex("<Gather [^>]*action=\"(?:[a-z]+://[^/\"]+)?([^\"]+)\"")]
    private static partial Regex ActionPattern();
}
