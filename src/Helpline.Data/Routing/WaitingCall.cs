namespace Helpline.Data.Routing;

/// <summary>A caller in the queue as the API shows it: no phone number, ever.</summary>
public sealed record WaitingCall(int Position, string CallSid, string Status, int WaitedSeconds, string? MenuChoice);
