using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Hosting;

/// <summary>
/// An absolute <c>http://</c> or <c>https://</c> URL without query, fragment or user name, as a base that paths are
/// appended to (the public base URL signatures are checked against, the provider's API, the directory's issuer).
/// Stricter than <see cref="UrlAttribute"/>, which takes <c>ftp://</c> and rejects the empty value that some keys
/// document as "not set". Each failure says what is wrong and what is expected, naming the key, never the value.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HttpUrlAttribute : ValidationAttribute
{
    /// <summary>Accept null or empty (the key's documented "not set"); a value of spaces only is still refused.</summary>
    public bool AllowEmpty { get; init; }

    /// <summary>Refuse <c>http://</c>.</summary>
    public bool HttpsOnly { get; init; }

    /// <summary>What is expected, for the message: e.g. "the public URL the provider calls, e.g. https://…".</summary>
    public string Expected { get; init; } = "an absolute URL such as https://example.fr";

    /// <inheritdoc />
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        var problem = Problem(value as string);
        return problem is null
            ? ValidationResult.Success
            : new ValidationResult($"{validationContext.DisplayName} {problem}: expected {Expected}", [validationContext.MemberName ?? string.Empty]);
    }

    private string? Problem(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return AllowEmpty ? null : "is required";
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return "is only spaces";
        }

        if (text.Trim().Length != text.Length)
        {
            return "has spaces around it";
        }

        // "/voice" is an absolute file URL on Unix: a base URL needs a scheme and a host.
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || !text.Contains("://", StringComparison.Ordinal) || url.IsFile)
        {
            return "is not an absolute URL";
        }

        if (url.Scheme != Uri.UriSchemeHttps && (HttpsOnly || url.Scheme != Uri.UriSchemeHttp))
        {
            return HttpsOnly ? "must start with https://" : "must start with https:// or http://";
        }

        if (text.Contains('?', StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal))
        {
            return "must not have a query (?…) or a fragment (#…)";
        }

        return url.UserInfo.Length > 0 ? "must not carry a user name or password" : null;
    }
}
