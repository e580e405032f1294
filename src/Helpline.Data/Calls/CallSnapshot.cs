namespace Helpline.Data.Calls;

/// <summary>A call row as stored.</summary>
public sealed record CallSnapshot(
    long Id,
    string CallSid,
    string FlowName,
    string FlowHash,
    string State,
    int Step,
    int Attempt,
    string? Outcome,
    string? LastTwiml,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? EndedAt,
    string? ProviderStatus,
    int? DurationSeconds,
    string? CallerHash,
    string? CallerNumber);
