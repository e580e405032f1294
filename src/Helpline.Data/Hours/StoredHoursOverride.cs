namespace Helpline.Data.Hours;

/// <summary>The operators' run-time override as stored.</summary>
/// <param name="Mode"><c>open</c> or <c>closed</c>.</param>
/// <param name="Until">When it ends by itself.</param>
/// <param name="Reason">Why.</param>
/// <param name="SetAt">When it was set.</param>
/// <param name="SetBy">Who set it (account or <c>admin-token</c>).</param>
public sealed record StoredHoursOverride(string Mode, DateTimeOffset Until, string Reason, DateTimeOffset SetAt, string? SetBy);
