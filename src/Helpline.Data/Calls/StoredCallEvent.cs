namespace Helpline.Data.Calls;

/// <summary>An event as stored, for tests, statistics and the API.</summary>
public sealed record StoredCallEvent(long Id, DateTimeOffset At, string Kind, int? Step, string? FromState, string? ToState, string? Trigger, string? DetailJson);
