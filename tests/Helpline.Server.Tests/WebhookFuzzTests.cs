using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CsCheck;
using Helpline.Core.Flows.Execution;
using Helpline.Server.Testing;
using Helpline.Twilio.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Xunit.Abstractions;

namespace Helpline.Server.Tests;

/// <summary>
/// Webhook form fuzzing over every <c>/voice</c> route (found from the endpoint table, so new routes are fuzzed too):
/// whatever arrives, the answer is never a 5xx and nothing is logged as an error; a 200 is TwiML that speaks to the
/// caller (Say, Play, Dial, Enqueue), except where the provider does not play it to a caller (documented in
/// <see cref="AssertAnswered"/>); a 4xx carries a problem body with a title.
/// </summary>
/// <remarks>
/// Inputs tried (seeded CsCheck generator, <see cref="Cases"/> cases; <c>HELPLINE_FUZZ_SEED</c> replays another seed):
/// <list type="bullet">
/// <item>every form field of a voice webhook (CallSid, AccountSid, From, To, Caller, Called, CallStatus, Direction, ApiVersion,
/// ForwardedFrom, CallerName, ParentCallSid, Digits, FinishedOnKey, SpeechResult, DialCallStatus, DialCallSid, DialCallDuration,
/// DialBridged, QueueResult, QueueSid, QueueTime, QueuePosition, CallDuration, Timestamp, SequenceNumber, CallbackSource,
/// ErrorCode, ErrorUrl) plus unknown fields, in random order, sometimes repeated, each either a value the provider sends or:
/// empty, whitespace, CR/LF/tab, 10 kB values, RTL overrides, Hebrew and Arabic text, Arabic-Indic digits, emoji, NUL and
/// other control characters, BOM, U+FFFD, lone-surrogate escapes, numbers out of range (-1, 2^31, 20 digits, 1e9, NaN, 1.5,
/// hex), Digits with letters and symbols, XML and SQL injection, percent-escapes, random strings;</item>
/// <item>CallSid: calls that exist, well-formed unknown ones, wrong shapes (lower case, 31 or 33 hex digits, non-hex, other prefixes);</item>
/// <item>our step query (f, st, s, a, w, c): the current flow and every state, unknown versions and states, steps 0, -1,
/// 2^31-1, 2^31, non-numbers, attempts past the limit, worker ids out of range, damaged caller ids;</item>
/// <item>methods POST, GET, PUT, DELETE, PATCH; bodies form-encoded, multipart, JSON, text/plain, none, no content type;
/// signed, unsigned, wrongly signed; an unknown route under /voice.</item>
/// </list>
/// </remarks>
public sealed class WebhookFuzzTests(HelplineApp app, ITestOutputHelper output) : IClassFixture<HelplineApp>
{
    private const int Cases = 400;
    private const string DefaultSeed = "0HelplineFuzz";

    private static readonly string[] FieldNames =
    [
        "CallSid", "AccountSid", "From", "To", "Caller", "Called", "CallStatus", "Direction", "ApiVersion", "ForwardedFrom", "CallerName",
        "ParentCallSid", "Digits", "FinishedOnKey", "SpeechResult", "DialCallStatus", "DialCallSid", "DialCallDuration", "DialBridged",
        "QueueResult", "QueueSid", "QueueTime", "QueuePosition", "CallDuration", "Timestamp", "SequenceNumber", "CallbackSource",
        "ErrorCode", "ErrorUrl", "Unknown", "",
    ];

    private static readonly string[] Nasty =
    [
        string.Empty, " ", "   \t", "\r\n", new string('x', 10_000), new string('9', 10_000), "\u202Eenilpleh\u202C", "שלום", "مرحبا",
        "١٢٣", "😀🚨", "\0", "a\0b", "\u0001\u001F\u007F", "\uFEFF", "\uFFFD", "%00", "%D8%00", "-1", "0", "2147483647", "2147483648",
        "-2147483649", "99999999999999999999", "1e9", "NaN", "1.5", "0x1F", "true", "TRUE", "12a#*", "#", "*", "<Say>hi</Say>&amp;",
        "]]>", "'; drop table calls; --", "\" or 1=1 --", "../../etc/passwd", "${jndi:ldap://x}", "+33612345678", "null", "{}", "[]",
    ];

    private static readonly Dictionary<string, string[]> Typical = new(StringComparer.Ordinal)
    {
        ["Digits"] = ["1", "2", "3", "4", "5", "9", "0", "12", "#", "*", "1#", "11"],
        ["FinishedOnKey"] = ["#", "*", ""],
        ["CallStatus"] = ["queued", "ringing", "in-progress", "completed", "busy", "failed", "no-answer", "canceled"],
        ["DialCallStatus"] = ["completed", "answered", "busy", "no-answer", "failed", "canceled"],
        ["QueueResult"] = ["bridged", "bridging-in-process", "error", "hangup", "leave", "redirected", "redirected-from-bridged", "queue-full", "system-error"],
        ["Direction"] = ["inbound", "outbound-api", "outbound-dial"],
        ["DialBridged"] = ["true", "false"],
        ["QueueTime"] = ["0", "30", "600", "3600"],
        ["CallDuration"] = ["0", "42"],
        ["SequenceNumber"] = ["0", "1", "2"],
    };

    [Fact]
    public async Task Fuzzed_webhooks_on_every_voice_route_get_speaking_twiml_or_a_clear_4xx_never_an_error()
    {
        var routes = VoiceRoutes();
        var flow = app.Services.GetRequiredService<FlowRegistry>().Current;
        var states = flow.Definition.States.Select(s => s.Name).ToArray();
        var existing = new List<string>();
        var twilio = app.Twilio();
        for (var i = 0; i < 3; i++)
        {
            var sid = TwilioClient.NewCallSid();
            await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
            existing.Add(sid);
        }

        var seed = Environment.GetEnvironmentVariable("HELPLINE_FUZZ_SEED") is { Length: > 0 } chosen ? chosen : DefaultSeed;
        var generator = CaseGen(routes, flow.Hash, states, existing);
        var pcg = PCG.Parse(seed);
        using var client = app.CreateClient();
        var statuses = new Dictionary<int, int>();

        for (var i = 0; i < Cases; i++)
        {
            var fuzz = generator.Generate(pcg, null, out _);
            var logged = app.Logs.Lines.Count;

            using var response = await client.SendAsync(fuzz.ToRequest());
            var body = await response.Content.ReadAsStringAsync();

            var context = $"seed {seed}, case {i}: {fuzz}\n-> {(int)response.StatusCode} {response.Content.Headers.ContentType}: {Shorten(body, 400)}";
            AssertAnswered(fuzz, response, body, HangupIsTheFlowsAnswer(fuzz, flow) || await CallEndedAsync(fuzz, flow), context);
            var errors = app.Logs.Lines.Skip(logged).Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, context + "\nlogged:\n" + string.Join("\n", errors.Select(e => Shorten(e, 600))));
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
        }

        output.WriteLine($"seed {seed}, {Cases} cases: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x {s.Value}")));
        Assert.True(statuses.Keys.Count >= 4, "the generator should reach TwiML, 204, 403 and 405 answers: " + string.Join(", ", statuses));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Wrong_method_on_a_voice_route_gets_405_with_a_problem_body(string method)
    {
        using var client = app.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/voice/incoming"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        AssertProblem(response, body, body);
    }

    [Fact]
    public async Task Unsigned_webhook_gets_403_with_a_problem_body_naming_the_signature()
    {
        using var client = app.CreateClient();
        using var content = new FormUrlEncodedContent(TwilioClient.Incoming(TwilioClient.NewCallSid()));

        using var response = await client.PostAsync("/voice/incoming", content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertProblem(response, body, body);
        Assert.Contains("X-Twilio-Signature", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Digits", "a\0b")]
    [InlineData("CallStatus", "\0")]
    [InlineData("To", "+3332\u0000000000")]
    [InlineData("Direction", "\u0001\u001F\u007F")]
    public async Task Control_characters_in_a_field_do_not_stop_the_call_being_recorded(string field, string value)
    {
        var sid = TwilioClient.NewCallSid();
        var form = TwilioClient.Incoming(sid);
        form[field] = value;
        var twilio = app.Twilio();

        var menu = await twilio.TwimlAsync("/voice/incoming", form);
        var next = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), form);

        Assert.NotEmpty(TwilioClient.Heard(next));
        await using var db = await app.OpenDatabaseAsync();
        Assert.Equal(1L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(db, "select count(*) from calls where call_sid = @sid", new { sid }));
        Assert.True(await Dapper.SqlMapper.ExecuteScalarAsync<long>(db, "select count(*) from call_events where call_sid = @sid", new { sid }) >= 3);
    }

    /// <summary>
    /// A 200 is XML whose verbs speak to the caller, except: the queue's wait URL may answer <c>&lt;Leave&gt;</c> (the
    /// Enqueue action that follows speaks); the Enqueue action may answer an empty document or <c>&lt;Hangup&gt;</c> when
    /// the caller was redirected to a worker or hung up; the whisper plays to the worker, and may be empty (connect) or
    /// end the worker's leg with <c>&lt;Hangup&gt;</c> (the offer is no longer current); a
    /// <c>&lt;Hangup&gt;</c> alone is the flow's own answer after a conversation (a Dial answered, a queue bridged), at a
    /// step whose token names a hang-up state, and for a call already over (its row is in a hang-up state, or its end
    /// was recorded: a webhook after the end is recorded and answered with a hang-up, never acted on).
    /// A 204 is a status callback's answer (nobody listens): the caller's, and the call-back worker leg's (issue 13).
    /// Anything else must be a 4xx with a problem body.
    /// </summary>
    private static void AssertAnswered(FuzzCase fuzz, HttpResponseMessage response, string body, bool hangupExpected, string context)
    {
        var status = (int)response.StatusCode;
        Assert.True(status < 500, context);
        if (status == 204)
        {
            Assert.True(fuzz.Route is "/voice/status" or "/voice/callback/worker-status", context);
            return;
        }

        if (status >= 400)
        {
            AssertProblem(response, body, context);
            return;
        }

        Assert.True(status == 200, context);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/xml", context);
        var twiml = XDocument.Parse(body);
        Assert.True(twiml.Root?.Name.LocalName == "Response", context);
        var verbs = twiml.Root!.Descendants().Select(e => e.Name.LocalName).ToHashSet(StringComparer.Ordinal);
        var speaks = verbs.Overlaps(["Say", "Play", "Dial", "Enqueue"]);
        var allowedSilence = fuzz.Route switch
        {
            "/voice/queue/wait" => verbs.SetEquals(["Leave"]),
            "/voice/queue" => verbs.Count == 0 || verbs.SetEquals(["Hangup"]),
            "/voice/agent/whisper" => verbs.Count == 0 || verbs.SetEquals(["Hangup"]),
            // The call-back's outbound legs (issue 13): a worker's phone never gets the caller's emergency answer, and
            // the phone of a caller we called back hears nothing she did not agree to — a damaged URL there hangs up.
            "/voice/callback/worker" or "/voice/callback/accept" or "/voice/callback/callee" or "/voice/callback/result" => verbs.Count == 0 || verbs.SetEquals(["Hangup"]),
            _ => false,
        } || (hangupExpected && verbs.SetEquals(["Hangup"]));
        Assert.True(speaks || allowedSilence, context);
    }

    private static void AssertProblem(HttpResponseMessage response, string body, string context)
    {
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", context);
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 }, context);
        Assert.True(problem.RootElement.TryGetProperty("status", out var code) && code.GetInt32() == (int)response.StatusCode, context);
    }

    /// <summary>True when the flow itself ends the call here: after a conversation, or at a step in a hang-up state.</summary>
    private static bool HangupIsTheFlowsAnswer(FuzzCase fuzz, CompiledFlow flow)
    {
        string? First(string name) => fuzz.Fields.FirstOrDefault(f => f.Name == name).Value;
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(fuzz.Query).GetValueOrDefault("st").ToString();
        var conversation = fuzz.Route switch
        {
            "/voice/dial" or "/voice/agent/result" => First("DialCallStatus") is "completed" or "answered",
            "/voice/queue" => First("QueueResult") is "bridged" or "redirected-from-bridged",
            _ => false,
        };
        return conversation || flow.Definition.FindState(state) is Helpline.Core.Flows.HangupState;
    }

    /// <summary>True when the webhook's CallSid is a stored call that is over: the flow ended it (a hang-up state) or its end was recorded.</summary>
    private async Task<bool> CallEndedAsync(FuzzCase fuzz, CompiledFlow flow)
    {
        var sid = fuzz.Fields.FirstOrDefault(f => f.Name == "CallSid").Value;
        if (sid is null)
        {
            return false;
        }

        await using var db = await app.OpenDatabaseAsync();
        var row = await Dapper.SqlMapper.QuerySingleOrDefaultAsync<(string State, bool Ended)?>(db, "select state, ended_at is not null from calls where call_sid = @sid", new { sid = sid.Replace('\0', '\uFFFD') });
        return row is { } r && (r.Ended || flow.Definition.FindState(r.State) is Helpline.Core.Flows.HangupState);
    }

    private List<string> VoiceRoutes() => app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
        .Where(p => p.StartsWith("/voice", StringComparison.Ordinal))
        .Distinct().Order(StringComparer.Ordinal).ToList();

    private static Gen<FuzzCase> CaseGen(IReadOnlyList<string> routes, string flowHash, string[] states, List<string> existing)
    {
        var hex = Gen.Char["0123456789abcdef"];
        var newSid = hex.Array[32].Select(c => "CA" + new string(c));
        var wrongSid = Gen.OneOf(
            newSid.Select(s => s.ToLowerInvariant().Replace("ca", "Ca", StringComparison.Ordinal)),
            newSid.Select(s => s[..^1]),
            newSid.Select(s => s + "0"),
            newSid.Select(s => "CA" + s[2..].ToUpperInvariant().Replace('A', 'G')),
            newSid.Select(s => "XX" + s[2..]),
            newSid.Select(s => s[..10] + "\0" + s[11..]));
        var nasty = Gen.Frequency((6, Gen.OneOf(Nasty)), (2, Gen.String), (1, Gen.Char.Array[1, 64].Select(c => new string(c))));
        var callSid = Gen.Frequency((5, Gen.OneOf(existing.ToArray())), (3, newSid), (2, wrongSid), (1, nasty));

        Gen<string> ValueFor(string name) => name switch
        {
            "CallSid" or "ParentCallSid" or "DialCallSid" => callSid,
            _ when Typical.TryGetValue(name, out var typical) => Gen.Frequency((3, Gen.OneOf(typical)), (2, nasty)),
            _ => Gen.Frequency((1, Gen.OneOf("+33612345678", "+33320000000", "AC00000000000000000000000000000000", "2010-04-01", "FR")), (2, nasty)),
        };

        var field = Gen.OneOf(FieldNames).SelectMany(name => ValueFor(name).Select(value => (name, value)));
        var fields = Gen.Select(callSid, field.Array[0, 14], Gen.Int[0, 9], (sid, rest, shape) =>
        {
            var list = new List<(string Name, string Value)>();
            if (shape < 8)
            {
                list.Add(("CallSid", sid));
            }

            list.AddRange(rest);
            if (shape == 9 && list.Count > 0)
            {
                list.Add(list[0]); // the same field twice
            }

            return list;
        });

        Gen<string?> Param(Gen<string> values) => Gen.Frequency((4, values.Select(v => (string?)v)), (1, Gen.Const((string?)null)));
        var query = Gen.Select(
            Param(Gen.Frequency((6, Gen.Const(flowHash)), (1, Gen.OneOf("x", "", new string('a', 200))), (1, nasty))),
            Param(Gen.Frequency((6, Gen.OneOf(states)), (1, Gen.OneOf("", "nulle-part", new string('s', 300))), (1, nasty))),
            Param(Gen.Frequency((5, Gen.OneOf("1", "2", "3", "4", "7")), (2, Gen.OneOf("0", "-1", "2147483647", "2147483648", "abc", "", "1e3")))),
            Param(Gen.Frequency((5, Gen.OneOf("0", "1", "2")), (2, Gen.OneOf("100", "101", "-1", "x", "2147483647")))),
            Param(Gen.Frequency((4, Gen.OneOf("1", "2", "3")), (2, Gen.OneOf("0", "-1", "abc", "99999999999", "2147483647")))),
            Param(Gen.Frequency((3, Gen.OneOf(existing.ToArray())), (2, callSid))),
            (f, st, s, a, w, c) =>
            {
                var parts = new[] { ("f", f), ("st", st), ("s", s), ("a", a), ("w", w), ("c", c) }
                    .Where(p => p.Item2 is not null)
                    .Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!));
                return string.Join("&", parts);
            });

        var route = Gen.Frequency((20, Gen.OneOf(routes.ToArray())), (1, Gen.Const("/voice/inconnue")));
        var method = Gen.Frequency((17, Gen.Const("POST")), (1, Gen.OneOf("GET", "PUT", "DELETE", "PATCH")));
        var body = Gen.Frequency((14, Gen.Const(BodyKind.Form)), (2, Gen.Const(BodyKind.Multipart)),
            (1, Gen.OneOf(BodyKind.Json, BodyKind.Text, BodyKind.NoContentType, BodyKind.None)));
        var signing = Gen.Frequency((18, Gen.Const(Signing.Signed)), (1, Gen.Const(Signing.Unsigned)), (1, Gen.Const(Signing.Wrong)));

        return Gen.Select(route, query, fields, method, body, signing,
            (r, q, f, m, b, s) => new FuzzCase(r, q, f, m, b, s));
    }

    private static string Shorten(string text, int max)
    {
        var printable = new string(text.Select(c => char.IsControl(c) && c is not '\n' ? '·' : c).ToArray());
        return printable.Length <= max ? printable : printable[..max] + $"… ({text.Length} chars)";
    }

    private enum BodyKind
    {
        Form,
        Multipart,
        Json,
        Text,
        NoContentType,
        None,
    }

    private enum Signing
    {
        Signed,
        Unsigned,
        Wrong,
    }

    private sealed record FuzzCase(string Route, string Query, List<(string Name, string Value)> Fields, string Method, BodyKind Body, Signing Signing)
    {
        public string PathAndQuery => Query.Length == 0 ? Route : Route + "?" + Query;

        public HttpRequestMessage ToRequest()
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), PathAndQuery);
            var pairs = Fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
            request.Content = Body switch
            {
                BodyKind.Form => new FormUrlEncodedContent(pairs),
                BodyKind.Multipart => Multipart(pairs),
                BodyKind.Json => new StringContent(JsonSerializer.Serialize(pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value)), Encoding.UTF8, "application/json"),
                BodyKind.Text => new StringContent(string.Join("&", pairs.Select(p => p.Key + "=" + p.Value)), Encoding.UTF8, "text/plain"),
                BodyKind.NoContentType => WithoutType(new FormUrlEncodedContent(pairs)),
                _ => null,
            };
            var url = HelplineApp.PublicBaseUrl + PathAndQuery;
            var signature = Signing switch
            {
                Signing.Signed => RequestValidator.ComputeSignature(HelplineApp.AuthToken, url,
                    Body is BodyKind.Form or BodyKind.Multipart ? pairs.GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => new KeyValuePair<string, StringValues>(g.Key, g.Select(p => p.Value).ToArray())) : []),
                Signing.Wrong => "bm90IGEgc2lnbmF0dXJl",
                _ => null,
            };
            if (signature is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Twilio-Signature", signature);
            }

            return request;
        }

        public override string ToString() =>
            $"{Method} {PathAndQuery} {Body} {Signing} [{string.Join(", ", Fields.Select(f => f.Name + "=" + Shorten(f.Value, 40)))}]";

        private static MultipartFormDataContent Multipart(List<KeyValuePair<string, string>> pairs)
        {
            var content = new MultipartFormDataContent();
            foreach (var (key, value) in pairs)
            {
                content.Add(new StringContent(value), key.Length == 0 ? "\"\"" : key);
            }

            return content;
        }

        private static HttpContent WithoutType(HttpContent content)
        {
            content.Headers.ContentType = null;
            return content;
        }
    }
}
