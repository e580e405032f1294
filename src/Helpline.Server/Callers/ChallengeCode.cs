using System.Security.Cryptography;
using System.Text;
using Helpline.Core.Flows;
using Helpline.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Callers;

/// <summary>
/// The keypad challenge's code of a call: <see cref="ChallengeDefinition.CodeLength"/> digits drawn from a keyed hash of
/// the call's identifier, so every instance asks and checks the same code without storing it, and a caller (or a
/// robot) cannot predict it from anything she sees. The key is derived from <c>Helpline:CallerHashKey</c>.
/// </summary>
internal sealed class ChallengeCode(IOptions<HelplineOptions> options)
{
    private readonly byte[] _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.CallerHashKey), "helpline:challenge-code"u8);

    /// <summary>The code of <paramref name="callSid"/>, e.g. <c>472</c>.</summary>
    public string For(string callSid)
    {
        ArgumentNullException.ThrowIfNull(callSid);
        var hash = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(callSid));
        var value = BitConverter.ToUInt32(hash, 0) % (uint)Math.Pow(10, ChallengeDefinition.CodeLength);
        return value.ToString(new string('0', ChallengeDefinition.CodeLength), System.Globalization.CultureInfo.InvariantCulture);
    }
}
