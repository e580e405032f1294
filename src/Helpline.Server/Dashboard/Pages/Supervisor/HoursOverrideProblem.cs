namespace Helpline.Server.Dashboard.Pages.Supervisor;

/// <summary>What is wrong with a field of the hours override form (said in French next to the field: <c>FrenchText.HoursOverrideProblem</c>).</summary>
public enum HoursOverrideProblem
{
    /// <summary>Neither open nor closed was chosen.</summary>
    ModeMissing,

    /// <summary>No end was given.</summary>
    UntilMissing,

    /// <summary>The end is not a date and time.</summary>
    UntilUnreadable,

    /// <summary>The end is a Paris time skipped when clocks go forward.</summary>
    UntilSkipped,

    /// <summary>The end is a Paris time lived twice when clocks go back.</summary>
    UntilAmbiguous,

    /// <summary>The end is not in the future.</summary>
    UntilPast,

    /// <summary>The end is further than the longest override allowed.</summary>
    UntilTooFar,

    /// <summary>No reason, or one longer than 500 characters.</summary>
    ReasonMissing,
}
