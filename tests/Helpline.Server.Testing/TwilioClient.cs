using System.Xml.Linq;
using Helpline.Twilio.Security;
using Microsoft.Extensions.Primitives;

namespace Helpline.Server.Testing;

/// <summary>
/// Plays the provider's part: posts form-encoded webhooks signed with the auth token (signatures computed here, never
/// pasted), and follows the URLs our TwiML hands back, the way the provider would.
/// </summary>
public sealed class TwilioClient(HttpClient http, string authToken, string publicBaseUrl)
{
    public HttpClient Http => http;

    public static Dictionary<string, string> Incoming(string callSid, string from = "+33612345678") => new()
    {
        ["CallSid"] = callSid,
        ["AccountSid"] = "AC00000000000000000000000000000000",
        ["From"] = from,
        ["To"] = "+33320000000",
        ["Caller"] = from,
        ["Called"] = "+33320000000",
        ["CallStatus"] = "ringing",
        ["Direction"] = "inbound",
        ["ApiVersion"] = "2010-04-01",
        ["FromCountry"] = "FR",
        ["ToCountry"] = "FR",
    };

    /// <summary>A later webhook of a call in progress: the incoming fields with CallStatus in-progress, plus <paramref name="fields"/>.</summary>
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

    /// <summary>Posts a signed form to a path (with its query), as the provider would.</summary>
    public Task<HttpResponseMessage> PostAsync(string pathAndQuery, IDictionary<string, string> form, string? signatureOverride = null)
    {
        var url = publicBaseUrl + pathAndQuery;
        var signature = signatureOverride ?? RequestValidator.ComputeSignature(authToken, url, form.Select(kv => new KeyValuePair<string, StringValues>(kv.Key, kv.Value)));
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", signature);
        return http.SendAsync(request);
    }

    /// <summary>Posts and returns the TwiML, asserting a 200 XML answer.</summary>
    public async Task<XDocument> TwimlAsync(string pathAndQuery, IDictionary<string, string> form)
    {
        using var response = await PostAsync(pathAndQuery, form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery} -> {(int)response.StatusCode}: {body}");
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        return XDocument.Parse(body);
    }

    /// <summary>The path and query of an action URL in TwiML (absolute URLs are made relative to the public base).</summary>
    public string Relative(string url) => url.StartsWith(publicBaseUrl, StringComparison.Ordinal) ? url[publicBaseUrl.Length..] : url;

    public static string? Action(XDocument twiml, string verb) => twiml.Descendants(verb).FirstOrDefault()?.Attribute("action")?.Value;

    /// <summary>What the caller hears: spoken text, and for each recording played, the words it was recorded from.</summary>
    public static string Heard(XDocument twiml) => string.Join(" ", twiml.Descendants().Where(e => e.Name.LocalName is "Say" or "Play")
        .Select(e => e.Name.LocalName == "Say" ? e.Value : RecordingWords.Value.GetValueOrDefault(e.Value[(e.Value.IndexOf("/prompts/", StringComparison.Ordinal) + "/prompts/".Length)..], $"[unknown recording {e.Value}]")));

    private static readonly Lazy<Dictionary<string, string>> RecordingWords = new(() =>
    {
        var flow = Helpline.Core.Flows.Loading.FlowLoader.LoadFile(Path.Combine(HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml")).Flow!;
        return Helpline.Core.Flows.Validation.FlowGraphValidator.Prompts(flow)
            .Where(p => p.Prompt.AudioPath is not null)
            .GroupBy(p => p.Prompt.AudioPath!["prompts/".Length..])
            .ToDictionary(g => g.Key, g => g.First().Prompt.Text);
    });
}
