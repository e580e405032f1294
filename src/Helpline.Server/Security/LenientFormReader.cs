using System.Text;
using Microsoft.Extensions.Primitives;

namespace Helpline.Server.Security;

/// <summary>
/// Decodes an <c>application/x-www-form-urlencoded</c> body the way the provider encoded it, keeping every character
/// (ASP.NET Core's reader refuses a whole form for one <c>%00</c>): '+' is a space, <c>%XX</c> a byte, bytes are UTF-8
/// (invalid sequences become U+FFFD). Used only when the standard reader has refused the body, so the signature can
/// still be checked on the values exactly as sent.
/// </summary>
internal static class LenientFormReader
{
    /// <summary>Reads the whole body (already bounded by the request size limit) as a form.</summary>
    public static async Task<FormCollection> ReadAsync(Stream body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var reader = new StreamReader(body, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return Parse(await reader.ReadToEndAsync(ct));
    }

    /// <summary>Parses a URL-encoded form.</summary>
    public static FormCollection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            fields[key] = fields.TryGetValue(key, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
        }

        return new FormCollection(fields);
    }

    private static string Decode(string encoded)
    {
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '%' && i + 2 < encoded.Length && Uri.IsHexDigit(encoded[i + 1]) && Uri.IsHexDigit(encoded[i + 2]))
            {
                bytes.Add(Convert.ToByte(encoded.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add(c < 0x80 ? (byte)c : (byte)'?');
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
