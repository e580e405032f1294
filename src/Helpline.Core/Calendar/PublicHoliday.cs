namespace Helpline.Core.Calendar;

/// <summary>A public holiday: its date and French name.</summary>
/// <param name="Date">The day.</param>
/// <param name="Name">Its name, e.g. "Lundi de Pâques".</param>
public sealed record PublicHoliday(DateOnly Date, string Name);
