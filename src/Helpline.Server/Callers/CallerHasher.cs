using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Helpline.Server.Hosting;

namespace Helpline.Server.Callers;

/// <summary>
/// Turns a caller's number into a keyed hash (HMAC-SHA256): the same number always gives the same hash, so repeat
/// callers can be counted, but without the key the hash cannot be turned back into the number, even by trying every
/// French number. The number itself is never logged or stored unless an operator turns storage on.
/// </summary>
internal sealed class CallerHasher(IOptions<HelplineOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.CallerHashKey);
    private readonly bool _storeNumbers = options.Value.StoreCallerNumbers;

    /// <summary>The hash of <paramref name="number"/> (lower-case hex), or null when there is no number (withheld caller).</summary>
    public string? Hash(string? number)
    {
        var normalised = Normalise(number);
        return normalised is null ? null : Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(normalised)));
    }

    /// <summary>The number to store in clear: null unless <see cref="HelplineOptions.StoreCallerNumbers"/> is on.</summary>
    public string? NumberToStore(string? number) => _storeNumbers ? Normalise(number) : null;

    private static string? Normalise(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }

        var trimmed = new string(number.Where(c => !char.IsWhiteSpace(c)).ToArray());
        return trimmed.Length == 0 || trimmed is "anonymous" or "unknown" or "private" or "restricted" ? null : trimmed;
    }
}
