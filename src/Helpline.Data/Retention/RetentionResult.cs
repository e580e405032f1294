namespace Helpline.Data.Retention;

/// <summary>What one purge removed (the calls were first added to the daily statistics).</summary>
/// <param name="Calls">Call rows deleted.</param>
/// <param name="Events">Call events deleted (of those calls, and events of calls never stored).</param>
/// <param name="QueueEntries">Queue entries deleted.</param>
public sealed record RetentionResult(long Calls, long Events, long QueueEntries);
