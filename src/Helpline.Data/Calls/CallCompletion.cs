namespace Helpline.Data.Calls;

/// <summary>The end of a call as the provider's status callback reports it.</summary>
/// <param name="CallSid">The call.</param>
/// <param name="ProviderStatus">completed, busy, failed, no-answer or canceled.</param>
/// <param name="DurationSeconds">The call's duration, when sent.</param>
/// <param name="At">When the callback arrived.</param>
/// <param name="DetailJson">The callback's fields worth keeping, as JSON.</param>
public sealed record CallCompletion(string CallSid, string ProviderStatus, int? DurationSeconds, DateTimeOffset At, string? DetailJson);
