using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Helpline.Twilio.Rest;

/// <summary>
/// The few REST operations we need from the provider (api.twilio.com/2010-04-01): redirect a live call to new TwiML,
/// create a call, look a call up. Basic authentication with the account SID and auth token, form-encoded bodies, JSON error bodies
/// parsed (<c>code</c>, <c>message</c>). Retries and timeouts come from the <see cref="HttpClient"/>'s resilience
/// pipeline; this class never throws for a provider or network failure, it says what happened.
/// </summary>
public sealed class TwilioRestClient
{
    private const int CallNotInProgress = 21220;
    private const int NotFound = 20404;
    private readonly HttpClient _http;
    private readonly string _accountSid;

    /// <summary>Creates a client; <paramref name="http"/>'s BaseAddress is the API base URL (e.g. https://api.twilio.com).</summary>
    public TwilioRestClient(HttpClient http, string accountSid, string authToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _accountSid = accountSid;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accountSid}:{authToken}")));
    }

    /// <summary>Sends a live call to new TwiML at <paramref name="url"/> (absolute), fetched with POST.</summary>
    public Task<RestResult> RedirectCallAsync(string callSid, string url, CancellationToken ct) =>
        PostAsync($"2010-04-01/Accounts/{Uri.EscapeDataString(_accountSid)}/Calls/{Uri.EscapeDataString(callSid)}.json",
            [new("Url", url), new("Method", "POST")], ct);

    /// <summary>
    /// Places a new outbound call from <paramref name="from"/> to <paramref name="to"/> that runs the TwiML at
    /// <paramref name="url"/>; <paramref name="statusCallback"/> hears how it ends (<c>completed</c>, <c>busy</c>,
    /// <c>no-answer</c>, <c>failed</c>, <c>canceled</c>), and <paramref name="timeoutSeconds"/> bounds the ringing.
    /// </summary>
    public Task<RestResult> CreateCallAsync(string to, string from, string url, string? statusCallback, CancellationToken ct, int? timeoutSeconds = null)
    {
        var form = new List<KeyValuePair<string, string>> { new("To", to), new("From", from), new("Url", url), new("Method", "POST") };
        if (statusCallback is not null)
        {
            form.Add(new("StatusCallback", statusCallback));
            form.Add(new("StatusCallbackMethod", "POST"));
        }

        if (timeoutSeconds is { } timeout)
        {
            form.Add(new("Timeout", timeout.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return PostAsync($"2010-04-01/Accounts/{Uri.EscapeDataString(_accountSid)}/Calls.json", form, ct);
    }

    /// <summary>Asks the provider for a call's status and duration: how a call whose status callback was lost gets closed.</summary>
    public async Task<CallLookup> FetchCallAsync(string callSid, CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync($"2010-04-01/Accounts/{Uri.EscapeDataString(_accountSid)}/Calls/{Uri.EscapeDataString(callSid)}.json", ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                // Only the provider's own 20404 says the call does not exist: a bare 404 (a wrong base URL, a proxy) is a
                // failure, or the sweeper would close every live call as not found.
                var (code, message) = ParseError(body);
                var result = new RestResult(code == NotFound ? RestOutcome.CallGone : RestOutcome.Failed, (int)response.StatusCode, code, message ?? response.ReasonPhrase);
                return new CallLookup(result.Outcome, null, null, result);
            }

            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            // The API sends the duration as a string of seconds ("42"), null while the call is live.
            int? duration = root.TryGetProperty("duration", out var d) && d.ValueKind == JsonValueKind.String
                && int.TryParse(d.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
            var ok = new RestResult(status is null ? RestOutcome.Failed : RestOutcome.Succeeded, (int)response.StatusCode, null, status is null ? "no status in the answer" : null);
            return new CallLookup(ok.Outcome, status, duration, ok);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            // Network failures, timeouts, the pipeline's rejections and unreadable bodies: no answer.
            return new CallLookup(RestOutcome.Failed, null, null, new RestResult(RestOutcome.Failed, null, null, ex.Message));
        }
    }

    private async Task<RestResult> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> form, CancellationToken ct)
    {
        try
        {
            using var content = new FormUrlEncodedContent(form);
            using var response = await _http.PostAsync(path, content, ct);
            if (response.IsSuccessStatusCode)
            {
                return new RestResult(RestOutcome.Succeeded, (int)response.StatusCode, null, null);
            }

            var (code, message) = ParseError(await response.Content.ReadAsStringAsync(ct));
            var gone = code is CallNotInProgress or NotFound;
            return new RestResult(gone ? RestOutcome.CallGone : RestOutcome.Failed, (int)response.StatusCode, code, message ?? response.ReasonPhrase);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            // Network failures, timeouts and the resilience pipeline's own rejections all mean the same here: not done.
            return new RestResult(RestOutcome.Failed, null, null, ex.Message);
        }
    }

    private static (int? Code, string? Message) ParseError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            int? code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return (code, message);
        }
        catch (JsonException)
        {
            return (null, body.Length > 200 ? body[..200] : body);
        }
    }
}
