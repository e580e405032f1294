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
/// French numbers of the overseas departments and collectivities are ten digits like the others but are not reached
/// through +33: their prefix (ARCEP's plan) gives their own country code — <c>0692 12 34 56</c> (La Réunion) is
/// <c>+262 692 12 34 56</c>, <c>0590…</c>/<c>0690…</c> +590, <c>0596…</c>/<c>0696…</c> +596, <c>0594…</c>/<c>0694…</c>
/// +594, <c>0269…</c>/<c>0639…</c> (Mayotte) +262, and <c>0508 41 23 45</c> (Saint-Pierre-et-Miquelon) <c>+508 41 23 45</c>.
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

    /// <summary>
    /// The number she calls from (E.164, as the provider presents it) when it passes the rules a typed number must pass
    /// (no 08 special-rate number, ten French digits, a plausible international number), else null: the line offers to
    /// call back only a number it would accept typed. The number is returned as presented, never rewritten.
    /// </summary>
    public static string? Callable(string? e164) =>
        e164 is ['+', .. var digits] && Parse("00" + digits).Problem == Problem.None ? e164 : null;

    private static (string? E164, Problem Problem) French(string digits)
    {
        if (digits.Length != 10 || digits[0] != '0' || digits[1] == '0')
        {
            return (null, Problem.WrongLength);
        }

        if (digits[1] == '8')
        {
            return (null, Problem.SpecialNumber);
        }

        if (digits.StartsWith("0508", StringComparison.Ordinal))
        {
            return ("+508" + digits[4..], Problem.None); // Saint-Pierre-et-Miquelon: six digits after its code
        }

        return (CountryCode(digits[..4]) + digits[1..], Problem.None);
    }

    // ARCEP's overseas prefixes: the first four digits of the number decide its country code; everything else is +33.
    private static string CountryCode(string prefix) => prefix switch
    {
        "0262" or "0692" or "0693" => "+262", // La Réunion
        "0269" or "0639" => "+262",           // Mayotte
        "0590" or "0690" or "0691" => "+590", // Guadeloupe, Saint-Martin, Saint-Barthélemy
        "0596" or "0696" or "0697" => "+596", // Martinique
        "0594" or "0694" => "+594",           // Guyane
        _ => "+33",
    };
}
