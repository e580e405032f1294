namespace Helpline.Data.WrapUps;

/// <summary>An answered call whose worker has not yet given the orientation (the after-call form is shown for it).</summary>
public sealed record PendingWrapUp(string CallSid, string? MenuChoice, int WaitSeconds, DateTimeOffset AnsweredAt);
