namespace Helpline.Core.Calendar;

/// <summary>Whether an operator's override opens or closes the line.</summary>
public enum HoursOverrideMode
{
    /// <summary>Open whatever the calendar says (a crisis that calls for longer hours).</summary>
    Open,

    /// <summary>Closed whatever the calendar says (a team away).</summary>
    Closed,
}
