namespace Helpline.Data.Calls;

/// <summary>The result of <see cref="CallStore.AdvanceAsync"/>: applied, or the call as it stands (a repeated or stale webhook).</summary>
/// <param name="Applied">True when this webhook moved the call.</param>
/// <param name="Current">The stored call when not applied (null when the call is unknown).</param>
public sealed record AdvanceResult(bool Applied, CallSnapshot? Current);
