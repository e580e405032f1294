using System.Globalization;
using System.Text;

namespace Helpline.Server.Tests.Parity;

/// <summary>The generator's names, texts, recordings, menu keys and numbers, plain, wild or at the limits.</summary>
internal sealed partial class FlowGenerator
{
    private string FileName()
    {
        var extension = Extensions[Int(0, Extensions.Length - 1)];
        return _files switch
        {
            Style.Plain => "p" + Int(1, 999).ToString(CultureInfo.InvariantCulture) + extension,
            Style.Wild => SafeSegment(Name(Style.Wild, 40)) + extension,
            _ => Chance(0.5)
                ? string.Join('/', Enumerable.Range(0, Int(1, 8)).Select(_ => new string('r', Int(100, 200)))) + extension
                : (Chance(0.5) ? "sub/./" : "sub//") + SafeSegment(Name(Style.Wild, 30)) + extension,
        };
    }

    /// <summary>A file name the file system can hold: no '/', no NUL, not '.' or '..', at most 200 bytes.</summary>
    private static string SafeSegment(string name)
    {
        var cleaned = name.Replace('/', '-').Replace('\0', '-').Trim();
        while (Encoding.UTF8.GetByteCount(cleaned) > 200 || (cleaned.Length > 0 && char.IsHighSurrogate(cleaned[^1])))
        {
            cleaned = cleaned[..^1];
        }

        return cleaned is "" or "." or ".." ? "f" : cleaned;
    }

    /// <summary>The first <paramref name="max"/> characters, never cutting a surrogate pair in two.</summary>
    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        return char.IsHighSurrogate(text[max - 1]) ? text[..(max - 1)] : text[..max];
    }

    private string Text(Style style)
    {
        var builder = new StringBuilder();
        switch (style)
        {
            case Style.Plain:
                for (var i = Int(1, 12); i > 0; i--)
                {
                    builder.Append(Words[Int(0, 22)]).Append(' ');
                }

                break;
            case Style.Wild:
                for (var i = Int(1, 40); i > 0; i--)
                {
                    builder.Append(Words[Int(0, Words.Length - 1)]).Append(' ');
                }

                break;
            default:
                // Near the speech limits (3,000 bytes of UTF-8, 4,500 characters URL-encoded), mostly under, sometimes past.
                var over = Chance(0.2);
                var words = Chance(0.5) ? 23 : Words.Length;
                while (!NearSpeechLimit(builder.ToString(), over ? 40 : 0))
                {
                    builder.Append(Words[Int(0, words - 1)]).Append(' ');
                }

                while (!over && builder.Length > 1 && IsPastSpeechLimit(builder.ToString().Trim()))
                {
                    builder.Length--;
                    if (char.IsHighSurrogate(builder[^1]))
                    {
                        builder.Length--;
                    }
                }

                break;
        }

        return builder.ToString().Trim() is { Length: > 0 } text ? text : "Bonjour";
    }

    private static bool NearSpeechLimit(string text, int past) =>
        Encoding.UTF8.GetByteCount(text) >= 2950 + past || Uri.EscapeDataString(text).Length >= 4450 + past;

    private static bool IsPastSpeechLimit(string text) =>
        Encoding.UTF8.GetByteCount(text) > 3000 || Uri.EscapeDataString(text).Length > 4500;

    private string UniqueName()
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = Name(_names, 1000);
            if (_used.Add(name.Trim()) || attempt > 20)
            {
                return name;
            }
        }
    }

    private string Name(Style style, int max)
    {
        var builder = new StringBuilder();
        switch (style)
        {
            case Style.Plain:
                builder.Append("etat-").Append(Int(0, 99999).ToString(CultureInfo.InvariantCulture));
                break;
            case Style.Wild:
                for (var i = Int(1, 12); i > 0; i--)
                {
                    builder.Append(Chance(0.5) ? "ab" : WildPieces[Int(0, WildPieces.Length - 1)]);
                }

                break;
            default:
                if (Chance(0.6))
                {
                    // Around the lengths where limits were or could be: 199/200/201, 255/256, 299/300.
                    int[] lengths = [64, 128, 199, 200, 201, 255, 256, 299, 300];
                    var length = Math.Min(max, lengths[Int(0, lengths.Length - 1)]);
                    builder.Append('x');
                    while (builder.Length < length)
                    {
                        builder.Append(Chance(0.8) ? "x" : WildPieces[Int(0, WildPieces.Length - 1)]);
                    }

                    builder.Length = length;
                    builder[^1] = 'z';
                }
                else
                {
                    builder.Append(Name(Style.Wild, max));
                }

                break;
        }

        // Spaces at either end make a name no reference can name (references are read without them): only RefusedName does that.
        var name = Cut(builder.ToString(), max).Trim();
        return name.Length > 0 ? name : "ab";
    }

    /// <summary>A state name the validator must refuse: a control character, spaces around it, or too long.</summary>
    private string RefusedName() => Int(0, 3) switch
    {
        0 => "etat" + RefusedPieces[Int(0, RefusedPieces.Length - 1)] + Int(0, 999).ToString(CultureInfo.InvariantCulture),
        1 => (Chance(0.5) ? " etat" : "etat\u00A0") + Int(0, 999).ToString(CultureInfo.InvariantCulture),
        _ => new string('x', Int(301, 1000)),
    };

    private List<string> MenuKeys(int count)
    {
        const string pad = "0123456789*";
        var keys = new List<string>();
        var length = count <= pad.Length && Chance(0.7) ? 1 : Int(2, 8);
        var mixed = Chance(0.2);
        while (keys.Count < count)
        {
            var size = mixed ? Int(1, 8) : length;
            var key = new string(Enumerable.Range(0, size).Select(_ => pad[Int(0, pad.Length - 1)]).ToArray());
            if (!keys.Any(k => k.StartsWith(key, StringComparison.Ordinal) || key.StartsWith(k, StringComparison.Ordinal)) || Chance(0.002))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private string Number() => Int(0, 40) switch
    {
        0 => "01 23 45 67 89",
        < 20 => ShortNumbers[Int(0, ShortNumbers.Length - 1)],
        _ => "+33" + Int(1, 9).ToString(CultureInfo.InvariantCulture) + Int(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
    };

    private Kind PickKind() => Int(0, 99) switch
    {
        < 10 => Kind.Hours,
        < 45 => Kind.Menu,
        < 63 => Kind.Message,
        < 83 => Kind.Transfer,
        _ => Kind.Queue,
    };

    private Style PickStyle() => Int(0, 99) switch
    {
        < 45 => Style.Plain,
        < 80 => Style.Wild,
        _ => Style.Edge,
    };

    private bool Chance(double p) => pcg.Next(1_000_000) < p * 1_000_000;

    private int Int(int min, int max) => min + (int)pcg.Next((uint)(max - min + 1));
}
