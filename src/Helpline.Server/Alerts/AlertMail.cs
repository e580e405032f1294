namespace Helpline.Server.Alerts;

/// <summary>An alert's start (<paramref name="EndedAt"/> null) or end, to be told by e-mail.</summary>
/// <param name="Kind">One of <see cref="AlertKinds"/>.</param>
/// <param name="Instance">The instance, for an instance's own alert; null for the line's.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended, for the e-mail of its end.</param>
internal sealed record AlertMail(string Kind, string? Instance, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);
