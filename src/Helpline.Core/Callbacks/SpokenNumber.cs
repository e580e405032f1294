namespace Helpline.Core.Callbacks;

/// <summary>
/// A phone number as a French speaker reads it back, in groups of two digits: <c>+33612345678</c> is
/// "06, 12, 34, 56, 78" (the national form), another country's number is "plus 44, 20, 79, 46, 09, 58" (every digit
/// in pairs, the country code first). A French overseas number is read in its national form too, as she typed it or
/// knows it: <c>+262692123456</c> is "06, 92, 12, 34, 56" (see <see cref="TypedNumber"/>'s overseas codes). The commas
/// make the speech synthesis pause between groups, as people do.
/// </summary>
public static class SpokenNumber
{
    /// <summary>The words for <paramref name="e164"/> (a number in E.164: a plus and digits).</summary>
    public static string For(string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        var digits = e164.TrimStart('+');
        if (e164.StartsWith("+33", StringComparison.Ordinal) && digits.Length == 11)
        {
            return string.Join(", ", Pairs("0" + digits[2..]));
        }

        if (Overseas(e164, digits) is { } national)
        {
            return string.Join(", ", Pairs(national));
        }

        return "plus " + string.Join(", ", Pairs(digits));
    }

    // The ten-digit national form of a French overseas number, when typing it would give this very number back.
    private static string? Overseas(string e164, string digits)
    {
        var national = digits.Length switch
        {
            12 when digits.StartsWith("262", StringComparison.Ordinal) || digits is ['5', '9', '0' or '4' or '6', ..] => "0" + digits[3..],
            9 when digits.StartsWith("508", StringComparison.Ordinal) => "0508" + digits[3..],
            _ => null,
        };
        return national is not null && TypedNumber.Parse(national).E164 == e164 ? national : null;
    }

    private static IEnumerable<string> Pairs(string digits)
    {
        for (var i = 0; i < digits.Length; i += 2)
        {
            yield return digits.Substring(i, Math.Min(2, digits.Length - i));
        }
    }
}
