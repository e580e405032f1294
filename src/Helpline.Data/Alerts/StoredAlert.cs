namespace Helpline.Data.Alerts;

/// <summary>An alert as <c>alert_events</c> holds it: what, for whom, since when, and until when once it ended.</summary>
/// <param name="Id">The row's number.</param>
/// <param name="Kind">The alert's kind (e.g. <c>oldest-wait</c>).</param>
/// <param name="Scope">Empty for the whole line; an instance's name for what only that instance knows.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended, or null while it lasts.</param>
/// <param name="CheckedAt">The last time an instance saw it still true (for an instance's alert: that instance).</param>
public sealed record StoredAlert(long Id, string Kind, string Scope, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, DateTimeOffset CheckedAt);
