using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Helpline.Server.Hosting;

namespace Helpline.Server.Callers;

/// <summary>
/// Turns a caller's number into a keyed hash (HMAC-SHA256): the same number always gives the same hash, so repeat
/// callers can be counted, but without the key the hash cannot be turned back into the number, even by trying every
/// French number. The number itself is never logged or stored unless an operator turns storage on. Only a number
/// <see cref="CallerNumber"/> calls presentable is hashed: every withheld caller shares the same <c>From</c>
/// (<c>anonymous</c>, <c>+266696687</c>…), and hashing it would make them all one caller.
/// </summary>
internal sealed class CallerHasher(IOptions<HelplineOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.CallerHashKey);
    private readonly bool _storeNumbers = options.Value.StoreCallerNumbers;

    /// <summary>The hash of <paramref name="number"/> (lower-case hex), or null when it is withheld or not a number.</summary>
    public string? Hash(string? number)
    {
        var normalised = CallerNumber.Presentable(number);
        return normalised is null ? null : Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(normalised)));
    }

    /// <summary>The number to store in clear: null unless <see cref="HelplineOptions.StoreCallerNumbers"/> is on.</summary>
    public string? NumberToStore(string? number) => _storeNumbers ? CallerNumber.Presentable(number) : null;
}
