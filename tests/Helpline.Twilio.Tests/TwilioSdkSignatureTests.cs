using System.Collections.Specialized;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Helpline.Twilio.Security;
using Microsoft.Extensions.Primitives;
using Xunit.Abstractions;
using SdkValidator = Twilio.Security.RequestValidator;

namespace Helpline.Twilio.Tests;

/// <summary>
/// A second opinion on our signature validator from Twilio's own SDK (test projects only: DESIGN.md, "Why our own Twilio
/// layer"). Generated requests — URLs as the provider requests them (https and http, with no port, the scheme's default
/// port written out, or another port; paths and queries percent-encoded from unicode), forms with unicode names and
/// values, empty values and repeated keys — signed the ways a signature can come (by the provider over the URL as
/// requested, without its port or with the default port added; over the SDK's comma-joined repeated values; with
/// another token; for another value; missing) go through both validators. They must give the same verdict, except for
/// the differences DESIGN.md documents, and those must be exactly what is seen:
/// <list type="bullet">
/// <item><see cref="Difference.ExplicitDefaultPort"/>: a URL that writes out its scheme's default port (<c>:443</c>,
/// <c>:80</c>) signed over the URL without it — what the provider does for HTTPS voice webhooks: we accept it, the SDK
/// never tries the URL without a default port (only as written, and with the port added), so it refuses the webhook.</item>
/// <item><see cref="Difference.RepeatedKey"/>: a key repeated in the form — we sign each distinct value, sorted (as the
/// provider and the Python, Node and PHP SDKs do), the SDK the values joined with commas: each accepts only its own.</item>
/// <item><see cref="Difference.MissingSignature"/>: no signature — we refuse the request, the SDK throws.</item>
/// </list>
/// </summary>
/// <remarks>
/// Seeded (<see cref="DefaultSeed"/>, <see cref="Cases"/> cases): <c>HELPLINE_SIGNATURE_SEED</c> replays another seed. A
/// failure names the seed and the case.
/// </remarks>
public sealed class TwilioSdkSignatureTests(ITestOutputHelper output)
{
    private const string DefaultSeed = "0SdkSignatures";
    private const int Cases = 4000;

    /// <summary>Why the two validators may disagree on a request.</summary>
    public enum Difference
    {
        None,
        ExplicitDefaultPort,
        RepeatedKey,
        MissingSignature,
    }

    private enum Signing
    {
        AsRequested,
        WithoutPort,
        WithDefaultPort,
        SdkCommaJoined,
        OtherToken,
        OtherValue,
        Missing,
        Empty,
    }

    [Fact]
    public void Both_validators_agree_except_for_the_documented_differences()
    {
        var seed = Environment.GetEnvironmentVariable("HELPLINE_SIGNATURE_SEED") is { Length: > 0 } chosen ? chosen : DefaultSeed;
        var pcg = PCG.Parse(seed);
        var seen = Enum.GetValues<Difference>().ToDictionary(d => d, _ => 0);
        var agreed = 0;
        for (var i = 0; i < Cases; i++)
        {
            var request = RequestGen.Generate(pcg, null, out _);
            var ours = new RequestValidator(request.Token).Validate(request.Url.Text, request.Form.Select(f => new KeyValuePair<string, StringValues>(f.Key, f.Values)), request.Signature);
            var sdk = SdkVerdict(request);
            var expected = Expected(request, ours);
            Assert.True(sdk == expected.Sdk, $"seed {seed}, case {i}: {request}\nours: {ours}, SDK: {sdk}, expected of the SDK: {expected.Sdk} ({expected.Why})");
            if (sdk == (ours ? "valid" : "invalid"))
            {
                agreed++;
            }
            else
            {
                seen[expected.Why]++;
            }
        }

        output.WriteLine($"seed {seed}, {Cases} cases, {agreed} with the same verdict; different verdicts: " + string.Join(", ", seen.Where(s => s.Key != Difference.None).Select(s => $"{s.Key} x {s.Value}")));
        Assert.Equal(0, seen[Difference.None]);
        Assert.All(seen.Where(s => s.Key != Difference.None), s => Assert.True(s.Value > 0, $"no case of {s.Key} differed: the generator no longer reaches it, or the SDK changed"));
    }

    /// <summary>
    /// What the SDK should answer, given our verdict: the same, except in the documented differences (which must then
    /// really differ). A request that falls in none of them must get the same verdict from both.
    /// </summary>
    private static (string Sdk, Difference Why) Expected(SignedRequest request, bool ours)
    {
        if (request.Signing is Signing.Missing or Signing.Empty)
        {
            Assert.False(ours);
            return ("throws", Difference.MissingSignature);
        }

        // Ours accepts what the provider signs (and the SDK's way, which is the same when no key repeats), nothing else.
        var repeated = request.Form.Any(f => f.Values.Length > 1);
        Assert.Equal(request.Signing is Signing.AsRequested or Signing.WithoutPort or Signing.WithDefaultPort || (request.Signing == Signing.SdkCommaJoined && !repeated), ours);
        if (repeated)
        {
            // Each validator accepts the signature made its own way, and only that one.
            return (request.Signing == Signing.SdkCommaJoined ? "valid" : "invalid", Difference.RepeatedKey);
        }

        if (request.Url.HasDefaultPort && request.SignedUrl != request.Url.Text && ours)
        {
            return ("invalid", Difference.ExplicitDefaultPort);
        }

        return (ours ? "valid" : "invalid", Difference.None);
    }

    private static string SdkVerdict(SignedRequest request)
    {
        // Ordinal, as the provider's names are (CallSid and callSid are two names). NameValueCollection's default comparer
        // ignores case, and would merge them into one comma-joined "repeated" key.
        var form = new NameValueCollection(StringComparer.Ordinal);
        foreach (var (key, values) in request.Form)
        {
            foreach (var value in values)
            {
                form.Add(key, value);
            }
        }

        try
        {
            return new SdkValidator(request.Token).Validate(request.Url.Text, form, request.Signature) ? "valid" : "invalid";
        }
        catch (ArgumentException)
        {
            return "throws";
        }
    }

    private static readonly Gen<string> Token = Gen.Char["0123456789abcdef"].Array[32].Select(c => new string(c));

    /// <summary>Text a form or a URL may carry: ASCII, accents, CJK, emoji, right-to-left, a no-break space, '+', '&amp;', '='.</summary>
    private static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.OneOf("1", "4", "CA0123456789abcdef0123456789abcdef", "+33612345678", "in-progress", "accueil", "file-ecoutantes")),
        (3, Gen.OneOf("é", "Écoutante", "中文", "🚨", "👩‍⚕️", "שלום", "a b", "\u00A0", "+", "&", "=", "a&b=c", "%", "'", "~", "!*()", "ß", "İ").Array[1, 4].Select(string.Concat)),
        (2, Gen.String[Gen.Char.AlphaNumeric, 1, 12]),
        (1, Gen.Char[' ', '\uFFFD'].Array[1, 8].Select(c => new string(c))));

    private static readonly Gen<RequestUrl> UrlGen =
        from https in Gen.Bool
        from host in Gen.OneOf("helpline.test", "ecoute.departement.fr", "MyCompany.com", "127.0.0.1")
        from port in Gen.OneOf<string?>(null, null, null, null, null, null, "default", "default", "8443", "5080")
        from path in Gen.Frequency((3, Gen.OneOf("/voice/incoming", "/voice/gather", "/voice/queue/wait", "/voice/agent/whisper")), (1, Text.Array[1, 3].Select(s => "/" + string.Join('/', s.Select(Uri.EscapeDataString)))))
        from query in Gen.Frequency((2, Gen.Const(Array.Empty<(string, string)>())), (3, Gen.Select(Gen.OneOf("f", "st", "s", "a", "w", "c", "From", "é"), Text).Array[1, 5]))
        select new RequestUrl(
            $"{(https ? "https" : "http")}://{host}{(port is null ? string.Empty : ":" + (port == "default" ? (https ? "443" : "80") : port))}{path}"
            + (query.Length == 0 ? string.Empty : "?" + string.Join('&', query.Select(q => Uri.EscapeDataString(q.Item1) + "=" + Uri.EscapeDataString(q.Item2)))),
            port == "default");

    private static readonly Gen<(string Key, string[] Values)[]> FormGen =
        from names in Gen.OneOf("CallSid", "Caller", "CallStatus", "CALLSID", "callSid", "Digits", "From", "To", "Reason", "ReasonConferenceEnded", "SpeechResult", "Prénom", "名前", "🚨").Array[0, 10]
        from values in Gen.Frequency((2, Gen.Const(string.Empty)), (6, Text)).Array[10]
        from repeated in Gen.Frequency((5, Gen.Const(0)), (1, Gen.Int[2, 3]))
        from repeatedValues in Gen.Frequency((1, Gen.Const(string.Empty)), (4, Gen.OneOf("5678", "1234", "é"))).Array[3]
        select names.Distinct(StringComparer.Ordinal)
            .Select((name, i) => (name, i == 0 && repeated > 0 ? repeatedValues[..repeated] : [values[i]]))
            .ToArray();

    private static readonly Gen<SignedRequest> RequestGen =
        from token in Token
        from url in UrlGen
        from form in FormGen
        from signing in Gen.Enum<Signing>()
        from other in Token
        select Sign(token, url, form, signing, other);

    private static SignedRequest Sign(string token, RequestUrl url, (string Key, string[] Values)[] form, Signing signing, string otherToken)
    {
        var provider = form.Select(f => new KeyValuePair<string, StringValues>(f.Key, f.Values));
        var withoutPort = WithoutPort(url.Text);
        var (signedUrl, signature) = signing switch
        {
            Signing.AsRequested => (url.Text, RequestValidator.ComputeSignature(token, url.Text, provider)),
            Signing.WithoutPort => (withoutPort, RequestValidator.ComputeSignature(token, withoutPort, provider)),
            Signing.WithDefaultPort => (WithDefaultPort(url.Text), RequestValidator.ComputeSignature(token, WithDefaultPort(url.Text), provider)),
            Signing.SdkCommaJoined => (url.Text, CommaJoined(token, url.Text, form)),
            Signing.OtherToken => (url.Text, RequestValidator.ComputeSignature(otherToken, url.Text, provider)),
            Signing.OtherValue => (url.Text, RequestValidator.ComputeSignature(token, url.Text, provider.Append(new("Extra", "x")))),
            Signing.Missing => (url.Text, (string?)null),
            _ => (url.Text, string.Empty),
        };
        return new SignedRequest(token, url, form, signing, signedUrl, signature);
    }

    /// <summary>The SDK's way with a repeated key (its values joined with commas), computed here as the SDK computes it.</summary>
    private static string CommaJoined(string token, string url, (string Key, string[] Values)[] form)
    {
        var data = new StringBuilder(url);
        foreach (var (key, values) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(string.Join(',', values));
        }

#pragma warning disable CA5350 // HMAC-SHA1 is what the provider signs with.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    private static string WithoutPort(string url)
    {
        var uri = new Uri(url);
        var authority = url.IndexOf(uri.Host, StringComparison.OrdinalIgnoreCase) + uri.Host.Length;
        var rest = url.IndexOf('/', authority);
        return url[..authority] + url[rest..];
    }

    /// <summary>The URL with its scheme's default port added when it has none (the SDKs' second try); as it is otherwise.</summary>
    private static string WithDefaultPort(string url)
    {
        if (WithoutPort(url) != url)
        {
            return url;
        }

        var uri = new Uri(url);
        var authority = url.IndexOf(uri.Host, StringComparison.OrdinalIgnoreCase) + uri.Host.Length;
        return url[..authority] + (uri.Scheme == "https" ? ":443" : ":80") + url[authority..];
    }

    /// <param name="Text">The URL as requested.</param>
    /// <param name="HasDefaultPort">It writes out its scheme's default port.</param>
    private sealed record RequestUrl(string Text, bool HasDefaultPort);

    private sealed record SignedRequest(string Token, RequestUrl Url, (string Key, string[] Values)[] Form, Signing Signing, string SignedUrl, string? Signature)
    {
        public override string ToString() =>
            $"{Signing} over {SignedUrl}, URL {Url.Text}, form {{{string.Join(", ", Form.Select(f => f.Key + "=" + string.Join("|", f.Values)))}}}, signature {Signature ?? "null"}";
    }
}
