using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests.Parity;

/// <summary>
/// Plays the provider's part for one call against the real server: posts the signed incoming webhook, then runs our
/// TwiML verb by verb as Twilio does — speaks, fetches and plays recordings, posts keys to the Gather action, dial
/// outcomes to the Dial action, queue results to the Enqueue action (after polling its wait URL), follows Redirects —
/// until the document hangs up or runs out, the caller hangs up, or the inputs run out at a menu. It consumes the
/// caller's inputs exactly as <see cref="Core.Flows.Simulation.CallSimulator"/> does, so both can be compared.
/// </summary>
/// <remarks>
/// It also refuses what the provider refuses, so an answer that Twilio would reject or play wrongly counts as a
/// difference even when our server is happy with it: URLs over 4,000 characters, answers over 64,000 bytes, a Say
/// text over 3,000 bytes of UTF-8 (Polly) or 4,500 characters URL-encoded, a queue name of 64 characters or more,
/// a recording not served as audio the provider plays (MPEG, WAV, AIFF, GSM, µ-law).
/// </remarks>
internal sealed class ProviderCall(TwilioClient twilio, string publicBaseUrl)
{
    private const int MaxUrl = 4000;
    private const int MaxAnswerBytes = 64_000;
    private const int MaxSayBytes = 3000;
    private const int MaxSayUrlEncoded = 4500;

    private static readonly HashSet<string> PlayableTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "audio/mpeg", "audio/mp3", "audio/wav", "audio/wave", "audio/x-wav", "audio/aiff", "audio/x-aifc", "audio/x-aiff", "audio/x-gsm", "audio/gsm", "audio/ulaw",
    };

    public string CallSid { get; } = TwilioClient.NewCallSid();

    /// <summary>What the caller heard: spoken texts, and <c>[prompts/file]</c> for each recording played.</summary>
    public List<string> Heard { get; } = [];

    /// <summary>The numbers dialled, in order.</summary>
    public List<string> Dialled { get; } = [];

    /// <summary>Things the provider would refuse or play wrongly.</summary>
    public List<string> Violations { get; } = [];

    /// <summary>True when an answer dialled without an action URL: the emergency fallback (our answers always have one).</summary>
    public bool EmergencyDial { get; private set; }

    /// <summary>True when the flow ended the call (a Hangup, or a document that ran out).</summary>
    public bool FlowEnded { get; private set; }

    /// <summary>True when the caller hung up (the inputs said so).</summary>
    public bool CallerHungUp { get; private set; }

    /// <summary>The largest answer, in bytes.</summary>
    public int LargestAnswer { get; private set; }

    /// <summary>Every answer, in order, for failure messages.</summary>
    public List<string> Answers { get; } = [];

    public async Task RunAsync(Func<string?> next, string dialDefault, string queueDefault)
    {
        var document = await PostAsync("/voice/incoming", TwilioClient.Incoming(CallSid));
        string? pending = null;
        for (var documents = 0; document is not null && documents < 200; documents++)
        {
            string? follow = null;
            Dictionary<string, string>? form = null;
            foreach (var verb in document.Root!.Elements())
            {
                switch (verb.Name.LocalName)
                {
                    case "Say" or "Play":
                        await HearAsync(verb);
                        continue;
                    case "Pause":
                        continue;
                    case "Hangup":
                        FlowEnded = true;
                        return;
                    case "Redirect":
                        follow = verb.Value;
                        form = TwilioClient.Step(CallSid);
                        break;
                    case "Gather":
                        foreach (var nested in verb.Elements())
                        {
                            await HearAsync(nested);
                        }

                        if (verb.Attribute("action")?.Value is not { } gatherAction)
                        {
                            continue; // the provider goes on with the next verb
                        }

                        pending ??= next();
                        if (pending is null)
                        {
                            return; // no more keys: the call stays in the menu
                        }

                        if (pending == "hangup")
                        {
                            await HangUpAsync();
                            return;
                        }

                        follow = gatherAction;
                        form = TwilioClient.Step(CallSid, ("Digits", pending == "timeout" ? string.Empty : pending));
                        pending = null;
                        break;
                    case "Dial":
                        Dialled.Add(verb.Value.Trim());
                        if (verb.Attribute("action")?.Value is not { } dialAction)
                        {
                            EmergencyDial = true;
                            continue;
                        }

                        pending ??= next();
                        if (pending == "hangup")
                        {
                            await HangUpAsync();
                            return;
                        }

                        var outcome = pending is "answered" or "busy" or "no-answer" or "failed" ? Take(ref pending) : dialDefault;
                        follow = dialAction;
                        form = TwilioClient.Step(CallSid, ("DialCallStatus", outcome == "answered" ? "completed" : outcome), ("DialCallDuration", outcome == "answered" ? "42" : "0"));
                        break;
                    case "Enqueue":
                        CheckQueueName(verb.Value);
                        pending ??= next();
                        if (pending == "hangup")
                        {
                            await HangUpAsync();
                            return;
                        }

                        var result = pending is "answered" or "overflow" ? Take(ref pending) : queueDefault;
                        if (result == "overflow" && verb.Attribute("waitUrl")?.Value is { } waitUrl)
                        {
                            // Nobody can come (nobody is logged in): once the short grace (Helpline:Routing:NobodyCanComeSeconds,
                            // 30 s) is over, the wait URL tells the provider to leave the queue.
                            var hold = await PostAsync(Relative(waitUrl), TwilioClient.Step(CallSid, ("QueueTime", "30"), ("QueuePosition", "1")));
                            if (hold?.Root?.Element("Leave") is null)
                            {
                                Violations.Add("the queue's wait URL did not send the caller out of the queue: " + hold);
                            }
                        }

                        follow = verb.Attribute("action")?.Value;
                        form = TwilioClient.Step(CallSid, ("QueueResult", result == "answered" ? "bridged" : "leave"), ("QueueTime", "30"));
                        if (follow is null)
                        {
                            Violations.Add("an Enqueue without an action URL");
                            return;
                        }

                        break;
                    default:
                        Violations.Add($"unexpected verb <{verb.Name.LocalName}> in a caller's answer");
                        continue;
                }

                break;
            }

            if (follow is null)
            {
                FlowEnded = true; // the document ran out: the provider hangs up
                return;
            }

            document = await PostAsync(Relative(follow), form!);
        }
    }

    /// <summary>The status callback a hang-up brings.</summary>
    public async Task HangUpAsync()
    {
        CallerHungUp = true;
        var form = TwilioClient.Step(CallSid, ("CallStatus", "completed"), ("CallDuration", "60"));
        form["CallStatus"] = "completed";
        using var response = await twilio.PostAsync("/voice/status", form);
        if (!response.IsSuccessStatusCode)
        {
            Violations.Add($"status callback answered {(int)response.StatusCode}");
        }
    }

    private static string Take(ref string? pending)
    {
        var value = pending!;
        pending = null;
        return value;
    }

    private async Task<XDocument?> PostAsync(string pathAndQuery, Dictionary<string, string> form)
    {
        using var response = await twilio.PostAsync(pathAndQuery, form);
        var body = await response.Content.ReadAsStringAsync();
        Answers.Add($"POST {Shorten(pathAndQuery)} -> {(int)response.StatusCode}: {Shorten(body)}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Violations.Add($"POST {Shorten(pathAndQuery)} answered {(int)response.StatusCode}: {Shorten(body)}");
            return null;
        }

        var bytes = Encoding.UTF8.GetByteCount(body);
        LargestAnswer = Math.Max(LargestAnswer, bytes);
        if (bytes > MaxAnswerBytes)
        {
            Violations.Add($"an answer of {bytes:N0} bytes (the provider refuses more than 64 kB)");
        }

        var document = XDocument.Parse(body);
        foreach (var url in document.Descendants().SelectMany(Urls))
        {
            if (url.Length > MaxUrl)
            {
                Violations.Add($"a URL of {url.Length:N0} characters (the provider's limit is {MaxUrl:N0})");
            }

            if (!url.StartsWith(publicBaseUrl + "/", StringComparison.Ordinal))
            {
                Violations.Add($"a URL that is not absolute on the public base URL: {Shorten(url)}");
            }
        }

        return document;
    }

    private static IEnumerable<string> Urls(XElement element)
    {
        foreach (var name in new[] { "action", "waitUrl", "url" })
        {
            if (element.Attribute(name)?.Value is { } value)
            {
                yield return value;
            }
        }

        if (element.Name.LocalName is "Play" or "Redirect")
        {
            yield return element.Value;
        }
    }

    private async Task HearAsync(XElement verb)
    {
        switch (verb.Name.LocalName)
        {
            case "Say":
                var text = verb.Value;
                var bytes = Encoding.UTF8.GetByteCount(text);
                var encoded = Uri.EscapeDataString(text).Length;
                if (bytes > MaxSayBytes || encoded > MaxSayUrlEncoded)
                {
                    Violations.Add($"a Say of {bytes:N0} bytes, {encoded:N0} characters URL-encoded (the provider speaks at most {MaxSayBytes:N0} / {MaxSayUrlEncoded:N0})");
                }

                Heard.Add(text);
                break;
            case "Play":
                var relative = Relative(verb.Value.Trim());
                using (var response = await twilio.Http.GetAsync(relative))
                {
                    var type = response.Content.Headers.ContentType?.MediaType;
                    if (response.StatusCode != HttpStatusCode.OK || type is null || !PlayableTypes.Contains(type))
                    {
                        Violations.Add($"the recording {Shorten(relative)} is not playable: {(int)response.StatusCode} {type}");
                    }
                }

                var path = relative.StartsWith("/prompts/", StringComparison.Ordinal) ? relative["/prompts/".Length..] : relative;
                Heard.Add("[prompts/" + Uri.UnescapeDataString(path) + "]");
                break;
        }
    }

    private void CheckQueueName(string name)
    {
        if (name.Length is 0 or >= 64 || name.Any(char.IsControl))
        {
            Violations.Add($"queue name '{Shorten(name)}' ({name.Length} characters): the provider takes 1 to 63");
        }
    }

    private string Relative(string url) => url.StartsWith(publicBaseUrl, StringComparison.Ordinal) ? url[publicBaseUrl.Length..] : url;

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + string.Create(CultureInfo.InvariantCulture, $"… ({text.Length} characters)");
}
