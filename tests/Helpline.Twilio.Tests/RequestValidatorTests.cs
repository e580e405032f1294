using Helpline.Twilio.Security;
using Microsoft.Extensions.Primitives;

namespace Helpline.Twilio.Tests;

/// <summary>Our own cases around the vectors: what a tampered or odd request does to the verdict.</summary>
public sealed class RequestValidatorTests
{
    private const string Token = "our-test-token";
    private const string Url = "https://ecoute.example.fr/voice/gather?f=abc&st=accueil&s=1&a=0";

    private static readonly Dictionary<string, StringValues> Form = new()
    {
        ["CallSid"] = "CA0123456789abcdef0123456789abcdef",
        ["Caller"] = "+33612345678",
        ["Digits"] = "1",
        ["From"] = "+33612345678",
        ["To"] = "+33320000000",
    };

    private readonly RequestValidator _validator = new(Token);

    [Fact]
    public void Computed_signature_is_accepted() => Assert.True(_validator.Validate(Url, Form, Sign(Form)));

    [Fact]
    public void Changed_value_is_refused()
    {
        var signature = Sign(Form);
        var tampered = new Dictionary<string, StringValues>(Form) { ["Digits"] = "2" };

        Assert.False(_validator.Validate(Url, tampered, signature));
    }

    [Fact]
    public void Added_parameter_is_refused()
    {
        var signature = Sign(Form);

        Assert.False(_validator.Validate(Url, new Dictionary<string, StringValues>(Form) { ["Extra"] = "x" }, signature));
    }

    [Fact]
    public void Removed_parameter_is_refused()
    {
        var signature = Sign(Form);
        var fewer = new Dictionary<string, StringValues>(Form);
        fewer.Remove("Digits");

        Assert.False(_validator.Validate(Url, fewer, signature));
    }

    [Fact]
    public void Other_token_is_refused() =>
        Assert.False(new RequestValidator("another-token").Validate(Url, Form, Sign(Form)));

    [Fact]
    public void Signature_of_another_url_is_refused() =>
        Assert.False(_validator.Validate(Url.Replace("s=1", "s=2", StringComparison.Ordinal), Form, Sign(Form)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 !!")]
    [InlineData("AAAA")]
    public void Missing_or_garbage_signature_is_refused_without_throwing(string? signature) =>
        Assert.False(_validator.Validate(Url, Form, signature));

    [Fact]
    public void Empty_token_never_validates() => Assert.False(new RequestValidator(string.Empty).Validate(Url, Form, Sign(Form)));

    [Fact]
    public void Unicode_and_empty_values_are_signed_as_utf8()
    {
        var form = new Dictionary<string, StringValues>(Form) { ["CallerName"] = "Élodie Ç 日本 😀", ["FinishedOnKey"] = string.Empty };

        Assert.True(_validator.Validate(Url, form, Sign(form)));
        Assert.False(_validator.Validate(Url, new Dictionary<string, StringValues>(form) { ["CallerName"] = "Elodie Ç 日本 😀" }, Sign(form)));
    }

    [Fact]
#pragma warning disable CA5350 // the provider's algorithm, recomputed independently
    public void Sort_is_ordinal_so_upper_case_names_come_first()
    {
        var form = new Dictionary<string, StringValues> { ["b"] = "1", ["B"] = "2", ["a"] = "3" };
        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA1.HashData(
            System.Text.Encoding.UTF8.GetBytes(Token), System.Text.Encoding.UTF8.GetBytes(Url + "B2a3b1")));

        Assert.Equal(expected, RequestValidator.ComputeSignature(Token, Url, form));
    }
#pragma warning restore CA5350

    [Fact]
    public void Url_signed_with_default_port_is_accepted_without_it()
    {
        var signature = RequestValidator.ComputeSignature(Token, "https://ecoute.example.fr:443/voice/incoming", Form);

        Assert.True(_validator.Validate("https://ecoute.example.fr/voice/incoming", Form, signature));
    }

    [Fact]
    public void Url_signed_without_port_is_accepted_with_a_proxy_port()
    {
        var signature = RequestValidator.ComputeSignature(Token, "https://ecoute.example.fr/voice/incoming", Form);

        Assert.True(_validator.Validate("https://ecoute.example.fr:8443/voice/incoming", Form, signature));
    }

    [Theory]
    [InlineData(null, "http", "127.0.0.1:5080", "", "/voice/incoming", "?x=1", "http://127.0.0.1:5080/voice/incoming?x=1")]
    [InlineData("https://ecoute.example.fr", "http", "127.0.0.1:5080", "", "/voice/incoming", "", "https://ecoute.example.fr/voice/incoming")]
    [InlineData("https://x.fr/ivr/", "http", "backend", "", "/voice/gather", "?s=1", "https://x.fr/ivr/voice/gather?s=1")]
    public void Signed_url_uses_the_public_base_when_configured(string? baseUrl, string scheme, string host, string pathBase, string path, string query, string expected) =>
        Assert.Equal(expected, SignedUrl.Build(baseUrl, scheme, host, pathBase, path, query));

    private static string Sign(IEnumerable<KeyValuePair<string, StringValues>> form) => RequestValidator.ComputeSignature(Token, Url, form);
}
