namespace Helpline.Server.Alerts;

/// <summary>
/// An alert as the supervisors' page shows it, already in French (the page's script only places text): what, the fact
/// now, the rule with its threshold, and since when. Never a caller's number, hash or note.
/// </summary>
/// <param name="Key">Stable while the alert lasts (kind, and the instance for an instance's alert): the page updates the banner in place.</param>
/// <param name="Kind">One of <see cref="AlertKinds"/>.</param>
/// <param name="Title">Its title.</param>
/// <param name="Message">The fact now.</param>
/// <param name="Definition">The rule and its threshold.</param>
/// <param name="Since">Since when, as read in Paris.</param>
public sealed record AlertBanner(string Key, string Kind, string Title, string Message, string Definition, string Since);
