namespace Helpline.Data.Callers;

/// <summary>Saturation mode as switched on by a supervisor.</summary>
/// <param name="Until">When it ends by itself.</param>
/// <param name="Reason">Why.</param>
/// <param name="SetBy">Who switched it on.</param>
/// <param name="SetAt">When.</param>
public sealed record SaturationMode(DateTimeOffset Until, string Reason, string SetBy, DateTimeOffset SetAt);
