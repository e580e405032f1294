namespace Helpline.Data.Routing;

/// <summary>A waiting caller given to an available worker (both now reserved: the caller offered, the worker ringing).</summary>
public sealed record Assignment(string CallSid, int WorkerId, string WorkerName, string WorkerPhone, string? MenuChoice, int WaitedSeconds);
