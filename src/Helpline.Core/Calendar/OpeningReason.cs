namespace Helpline.Core.Calendar;

/// <summary>Why the line is open or closed at an instant (recorded with each call's hours decision).</summary>
public enum OpeningReason
{
    /// <summary>Within the weekly hours.</summary>
    RegularHours,

    /// <summary>Outside the weekly hours.</summary>
    OutsideHours,

    /// <summary>A public holiday.</summary>
    PublicHoliday,

    /// <summary>A dated closure of the flow's calendar.</summary>
    Closure,

    /// <summary>An operator's run-time opening.</summary>
    OverrideOpen,

    /// <summary>An operator's run-time closing.</summary>
    OverrideClosed,
}
