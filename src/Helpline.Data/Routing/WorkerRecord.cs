namespace Helpline.Data.Routing;

/// <summary>A social worker as stored, with the router's view of them.</summary>
/// <param name="Id">The worker's id.</param>
/// <param name="Name">Name shown on the dashboard.</param>
/// <param name="Phone">Phone (E.164).</param>
/// <param name="Active">False when deactivated by a supervisor.</param>
/// <param name="Status">One of <see cref="WorkerStatuses"/>.</param>
/// <param name="StatusSince">Since when.</param>
/// <param name="MissedInARow">Offers missed in a row.</param>
/// <param name="CallsAnswered">Calls answered (all time).</param>
/// <param name="CurrentCallSid">The call ringing or in progress for them, if any.</param>
/// <param name="WrapUpUntil">End of the wrap-up in progress, if any.</param>
/// <param name="PendingStatus">A status chosen during a call, taking effect after it (and its wrap-up); null when none.</param>
/// <param name="AutoPaused">True when the router paused them after <see cref="MissedInARow"/> missed offers (autopause).</param>
public sealed record WorkerRecord(
    int Id, string Name, string Phone, bool Active, string Status, DateTimeOffset StatusSince, int MissedInARow, int CallsAnswered, string? CurrentCallSid,
    DateTimeOffset? WrapUpUntil, string? PendingStatus = null, bool AutoPaused = false);
