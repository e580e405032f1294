namespace Helpline.Data.Callbacks;

/// <summary>A pending call-back as supervisors and workers see it: never the number.</summary>
/// <param name="Id">The request's number ("rappel n° 12").</param>
/// <param name="WindowName">The window's name.</param>
/// <param name="WindowFrom">Start of the window.</param>
/// <param name="WindowTo">End of the window.</param>
/// <param name="MenuChoice">The menu key of the call that asked, or null.</param>
/// <param name="QueueStatus">Where its turn stands: <c>scheduled</c>, <c>waiting</c>, <c>offered</c>, <c>picked-up</c>.</param>
/// <param name="Attempts">Times her number was dialled so far.</param>
/// <param name="ConsentedAt">When she asked.</param>
/// <param name="Source"><c>caller</c> or <c>worker</c>.</param>
public sealed record PendingCallback(int Id, string WindowName, DateTimeOffset WindowFrom, DateTimeOffset WindowTo, string? MenuChoice, string QueueStatus, int Attempts, DateTimeOffset ConsentedAt, string Source);
