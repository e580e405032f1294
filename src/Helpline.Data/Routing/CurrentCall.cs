namespace Helpline.Data.Routing;

/// <summary>A worker's call as their page shows it: the menu choice and the caller's wait, never a phone number.</summary>
public sealed record CurrentCall(string CallSid, string? MenuChoice, int WaitSeconds);
