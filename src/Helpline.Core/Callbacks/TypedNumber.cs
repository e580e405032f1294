namespace Helpline.Core.Callbacks;

/// <summary>
/// A number a caller types on the keypad for her call-back (issue 13), read as a French or an international number and
/// refused otherwise, with the reason: the line never calls a number she did not give in full.
/// </summary>
/// <remarks>
/// Accepted: ten digits starting with 0 followed by 1–7 or 9 (French landlines and mobiles, <c>0612345678</c> →
/// <c>+33612345678</c>); <c>00</c> then a country code that does not start with 0 and 8 to 15 digits in all (E.164,
/// <c>0044…</c> → <c>+44…</c>; <c>0033</c> numbers follow the French rule). Refused: <c>08</c> numbers (special rates and
/// services), short numbers (15, 17, 3919…), anything of another length, and anything but digits (the star key).
/// </remarks>
public static class TypedNumber
{
    /// <summary>Why a typed number is refused.</summary>
    public enum Problem
    {
        /// <summary>Accepted.</summary>
        None,

        /// <summary>Nothing, or not only digits.</summary>
        NotDigits,

        /// <summary>A French number of the wrong length (or a short number).</summary>
        WrongLength,

        /// <summary>A French special-rate or service number (08…), which a call-back may not reach.</summary>
        SpecialNumber,

        /// <summary>An international number that is not one (bad country code or length).</summary>
        NotInternational,
    }

    /// <summary>The number in E.164 and null, or null and why it is refused.</summary>
    public static (string? E164, Problem Problem) Parse(string? keys)
    {
        var digits = (keys ?? string.Empty).Trim().TrimEnd('#');
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return (null, Problem.NotDigits);
        }

        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            var international = digits[2..];
            if (international.StartsWith("33", StringComparison.Ordinal))
            {
                var rest = international[2..];
                return French(rest.StartsWith('0') ? rest : "0" + rest); // 0033 6…, or 0033 06… as some people type it
            }

            return international.Length is >= 8 and <= 15 && international[0] != '0' ? ("+" + international, Problem.None) : (null, Problem.NotInternational);
        }

        return French(digits);
    }

    private static (string? E164, Problem Problem) French(string digits)
    {
        if (digits.Length != 10 || digits[0] != '0' || digits[1] == '0')
        {
            return (null, Problem.WrongLength);
        }

        return digits[1] == '8' ? (null, Problem.SpecialNumber) : ("+33" + digits[1..], Problem.None);
    }
}
