using System.Text.RegularExpressions;

namespace Helpline.Core.Flows.Loading;

/// <summary>
/// Which numbers a flow may dial: international E.164 (<c>+33123456789</c>) or a French short number (15, 17, 18, 112,
/// 114, 115, 119, 116 xxx, 3xxx such as 3919). National formats (<c>01 23…</c>) are refused so a number is never dialled
/// with the wrong country prefix.
/// </summary>
public static partial class PhoneNumbers
{
    /// <summary>True when <paramref name="number"/> can be dialled as written.</summary>
    public static bool IsDialable(string number) => E164().IsMatch(number) || FrenchShortNumber().IsMatch(number);

    /// <summary>A hint for a number that is not dialable, e.g. a national French format.</summary>
    public static string HintFor(string number)
    {
        var digits = new string(number.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 10 && digits[0] == '0'
            ? $"write French numbers in international form: '+33{digits[1..]}'"
            : "use E.164 ('+33123456789') or a French short number (17, 112, 115, 119, 3919…), digits only";
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex(@"^(1[0-9]|11[0-9]|116[0-9]{3}|3[0-9]{3})$", RegexOptions.CultureInvariant)]
    private static partial Regex FrenchShortNumber();
}
