namespace Helpline.Data.Calls;

/// <summary>What is known of a call when its first webhook arrives.</summary>
/// <param name="CallSid">The provider's call identifier.</param>
/// <param name="AccountSid">The provider account.</param>
/// <param name="CallerHash">Keyed hash of the caller's number (null when withheld).</param>
/// <param name="CallerNumber">The number in clear: null unless an operator turned storage on.</param>
/// <param name="CalledNumber">Our number that was called.</param>
/// <param name="FlowName">The flow's name.</param>
/// <param name="FlowHash">The flow version's content hash.</param>
/// <param name="StartedAt">When the first webhook arrived.</param>
public sealed record NewCall(string CallSid, string? AccountSid, string? CallerHash, string? CallerNumber, string? CalledNumber, string FlowName, string FlowHash, DateTimeOffset StartedAt)
{
    /// <summary>How to recognise a caller calling back after being cut off (Core's <c>RecallRule</c>), or null not to.</summary>
    public RecallSettings? Recall { get; init; }

    /// <summary>The caller policies to apply (saturation mode, the hourly limit), or null for none.</summary>
    public CallerPolicySettings? Policy { get; init; }
}
