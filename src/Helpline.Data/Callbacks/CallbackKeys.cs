using System.Globalization;

namespace Helpline.Data.Callbacks;

/// <summary>
/// The queue key of a call-back request's turn (its <c>queue_entries.call_sid</c>): <c>callback:&lt;id&gt;</c>, which
/// can never be a provider's CallSid (<c>CA</c> and 32 hex digits), so no webhook of a call can touch it.
/// </summary>
public static class CallbackKeys
{
    private const string Prefix = "callback:";

    /// <summary>The key of request <paramref name="id"/>.</summary>
    public static string For(int id) => Prefix + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The request of a key, or null when <paramref name="key"/> is a call's.</summary>
    public static int? Of(string? key) =>
        key is not null && key.StartsWith(Prefix, StringComparison.Ordinal) && int.TryParse(key.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
