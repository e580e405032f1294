namespace Helpline.Data.Calls;

/// <summary>An open call that has had no webhook for a while.</summary>
/// <param name="CallSid">The call.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="UpdatedAt">Its last webhook.</param>
public sealed record QuietCall(string CallSid, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt);
