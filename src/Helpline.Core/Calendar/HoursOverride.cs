namespace Helpline.Core.Calendar;

/// <summary>An operator's exceptional opening or closing, set at run time; it applies while the instant is before <see cref="Until"/>.</summary>
/// <param name="Mode">Open or closed.</param>
/// <param name="Until">When it ends by itself.</param>
/// <param name="Reason">Why, for events and the team.</param>
public sealed record HoursOverride(HoursOverrideMode Mode, DateTimeOffset Until, string Reason)
{
    /// <summary>True when the override applies at <paramref name="instant"/>.</summary>
    public bool AppliesAt(DateTimeOffset instant) => instant < Until;
}
