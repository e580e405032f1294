using System.Security.Cryptography;
using System.Text.Json;
using Helpline.Core.Callbacks;
using Microsoft.AspNetCore.DataProtection;

namespace Helpline.Server.Callbacks;

/// <summary>
/// Encrypts what a call-back must keep secret with ASP.NET Core Data Protection, on the dashboard's key ring (stored in
/// PostgreSQL, shared by every instance): the number to call, stored only while the request is pending, and the
/// sub-dialogue's state carried in our step URLs (it may hold a number she typed). Each has its own purpose string, so
/// one can never be read as the other.
/// </summary>
/// <remarks>
/// The dialogue's state expires after <see cref="DialogueLifetime"/> on the real clock (a property of the URL handed to
/// the provider, like the transport's retries — not of the helpline's hours). Thread-safe.
/// </remarks>
internal sealed class CallbackSecrets(IDataProtectionProvider provider)
{
    /// <summary>How long a dialogue URL can be used.</summary>
    public static readonly TimeSpan DialogueLifetime = TimeSpan.FromHours(2);

    private readonly IDataProtector _numbers = provider.CreateProtector("Helpline.Callbacks.Number.v1");
    private readonly ITimeLimitedDataProtector _dialogue = provider.CreateProtector("Helpline.Callbacks.Dialogue.v1").ToTimeLimitedDataProtector();

    /// <summary>The number (E.164) encrypted for storage.</summary>
    public string ProtectNumber(string e164) => _numbers.Protect(e164);

    /// <summary>The number of a stored ciphertext, or null when it cannot be read (keys lost, damaged value).</summary>
    public string? UnprotectNumber(string protectedNumber)
    {
        try
        {
            return _numbers.Unprotect(protectedNumber);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The dialogue's state for a URL.</summary>
    /// <remarks>The system clock, not TimeProvider: the time-limited protector checks the expiry against it.</remarks>
    public string ProtectDialogue(CallbackDialogueState state) =>
        _dialogue.Protect(JsonSerializer.Serialize(state), DateTimeOffset.UtcNow + DialogueLifetime);

    /// <summary>The dialogue's state of a URL, or null when expired, damaged or forged.</summary>
    public CallbackDialogueState? ReadDialogue(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<CallbackDialogueState>(_dialogue.Unprotect(value, out _));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}
