namespace Helpline.Data.Hours;

/// <summary>The operators' run-time exceptional opening or closing, as stored (at most one at a time).</summary>
/// <param name="Mode"><see cref="HoursOverrideStore.Open"/> or <see cref="HoursOverrideStore.Closed"/>.</param>
/// <param name="Until">When it ends by itself.</param>
/// <param name="Reason">Why, as the operator wrote it.</param>
/// <param name="SetAt">When it was set.</param>
/// <param name="SetBy">Who set it (account or <c>admin-token</c>), if known.</param>
public sealed record StoredHoursOverride(string Mode, DateTimeOffset Until, string Reason, DateTimeOffset SetAt, string? SetBy);
