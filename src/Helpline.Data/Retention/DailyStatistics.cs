namespace Helpline.Data.Retention;

/// <summary>One line of the statistics that outlive the retention period: calls of a day with one outcome and menu choice.</summary>
/// <param name="Day">Calendar day in the line's time zone.</param>
/// <param name="Outcome">The calls' outcome (<c>unknown</c> when none was recorded).</param>
/// <param name="MenuChoice">The first menu key chosen (<c>none</c> when none was).</param>
/// <param name="Calls">Number of calls.</param>
/// <param name="Queued">Of those, callers who waited for a social worker.</param>
/// <param name="DurationSeconds">Total call time.</param>
/// <param name="QueueWaitSeconds">Total time waited in the queue.</param>
public sealed record DailyStatistics(DateOnly Day, string Outcome, string MenuChoice, int Calls, int Queued, long DurationSeconds, long QueueWaitSeconds);
