using System.Text.RegularExpressions;

namespace Helpline.Server.Callers;

/// <summary>
/// What a webhook's <c>From</c> says about the caller's number, in the one place that decides it: a number that can be
/// shown, hashed and passed on (E.164), a number the caller withheld, or something that is not a number at all.
/// </summary>
/// <remarks>
/// Withheld numbers reach us in several forms: empty, an alphabetic word in any case (<c>anonymous</c>,
/// <c>Restricted</c>, <c>UNAVAILABLE</c>, … — Twilio's changelog of 2022-11-16, "withheld caller ID behavior for
/// &lt;Dial&gt; calls", says the alpha string is now passed through), or the same words spelled on a phone keypad, as
/// Twilio used to translate them (<c>+266696687</c> = ANONYMOUS, <c>+7378742833</c> = RESTRICTED, …). Every withheld
/// caller shares that value, so it must never be hashed (all of them would be "one caller" calling back, or flagged
/// together), nor passed on as caller ID (Twilio error 13214: an invalid caller ID makes some carriers refuse the call).
/// </remarks>
internal static partial class CallerNumber
{
    /// <summary>The keypad spellings of the words carriers use for a withheld number.</summary>
    private static readonly HashSet<string> KeypadWords = new(StringComparer.Ordinal)
    {
        "+266696687",   // ANONYMOUS
        "+7378742833",  // RESTRICTED
        "+86282452253", // UNAVAILABLE
        "+8656696",     // UNKNOWN
        "+2562533",     // BLOCKED
        "+7748283",     // PRIVATE
    };

    /// <summary>The kind of <paramref name="from"/>.</summary>
    public static CallerNumberKind Classify(string? from) => Normalise(from) switch
    {
        null => CallerNumberKind.Withheld,
        var number when KeypadWords.Contains(number) => CallerNumberKind.Withheld,
        var number when E164().IsMatch(number) => CallerNumberKind.Presentable,
        var number when number.All(char.IsAsciiLetter) => CallerNumberKind.Withheld,
        _ => CallerNumberKind.Invalid,
    };

    /// <summary>The number in E.164 when it is <see cref="CallerNumberKind.Presentable"/>, else null.</summary>
    public static string? Presentable(string? from) => Classify(from) == CallerNumberKind.Presentable ? Normalise(from) : null;

    /// <summary>The value without the spaces, dots, dashes and brackets people and some carriers write in numbers; null when nothing is left.</summary>
    private static string? Normalise(string? from)
    {
        if (string.IsNullOrWhiteSpace(from))
        {
            return null;
        }

        var kept = new string(from.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '.' or '(' or ')')).ToArray());
        return kept.Length == 0 ? null : kept;
    }

    /// <summary>E.164: a plus, a country code that does not start with 0, 8 to 15 digits in all (as the workers' phones are checked).</summary>
    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
