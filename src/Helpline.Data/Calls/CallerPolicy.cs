namespace Helpline.Data.Calls;

/// <summary>
/// What the call's creation statement found about the caller, by the keyed hash of her number (a withheld caller has
/// none: no flag, no count, and she is challenged only in saturation mode).
/// </summary>
/// <param name="FlagKind">Her active flag's kind (<c>blocked</c>, <c>watch</c>), or null.</param>
/// <param name="FlagId">That flag, or null.</param>
/// <param name="CallsInLastHour">Her calls in the hour before this one.</param>
/// <param name="ChallengeRequired">True when she must pass the keypad challenge before being queued.</param>
public sealed record CallerPolicy(string? FlagKind, long? FlagId, int CallsInLastHour, bool ChallengeRequired)
{
    /// <summary>Nothing found.</summary>
    public static CallerPolicy None { get; } = new(null, null, 0, false);

    /// <summary>Her pending call-back request, found by the hash of the number she calls from (issue 13), or null.</summary>
    public int? PendingCallbackId { get; init; }

    /// <summary>True when the caller is blocked: she hears the emergency numbers and the call ends.</summary>
    public bool Blocked => FlagKind == "blocked";
}
