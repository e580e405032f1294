namespace Helpline.Data.Routing;

/// <summary>A social worker as stored, with the router's view of them.</summary>
public sealed record WorkerRecord(
    int Id, string Name, string Phone, bool Active, string Status, DateTimeOffset StatusSince, int MissedInARow, int CallsAnswered, string? CurrentCallSid, DateTimeOffset? WrapUpUntil);
