namespace Helpline.Core.Callbacks;

/// <summary>
/// A phone number as a French speaker reads it back, in groups of two digits: <c>+33612345678</c> is
/// "06, 12, 34, 56, 78" (the national form), another country's number is "plus 44, 20, 79, 46, 09, 58" (every digit
/// in pairs, the country code first). The commas make the speech synthesis pause between groups, as people do.
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

        return "plus " + string.Join(", ", Pairs(digits));
    }

    private static IEnumerable<string> Pairs(string digits)
    {
        for (var i = 0; i < digits.Length; i += 2)
        {
            yield return digits.Substring(i, Math.Min(2, digits.Length - i));
        }
    }
}
