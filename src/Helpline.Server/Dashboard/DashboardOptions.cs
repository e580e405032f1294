using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Helpline.Server.Dashboard.SignIn;

namespace Helpline.Server.Dashboard;

/// <summary>The web page of the social workers and supervisors (<c>Helpline:Dashboard:*</c>).</summary>
public sealed class DashboardOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:Dashboard";

    /// <summary>Accounts created at start when their login does not exist yet (passwords from the environment).</summary>
    [ValidateEnumeratedItems]
    public List<DashboardAccountOptions> Accounts { get; set; } = [];

    /// <summary>The YAML file of after-call orientation categories; a relative path is relative to the working directory.</summary>
    public string OrientationsPath { get; set; } = "config/orientations.yaml";

    /// <summary>Service level: a caller answered within this many seconds counts as answered in time.</summary>
    [Range(1, 3600, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int ServiceLevelSeconds { get; set; } = 60;

    /// <summary>A session left idle this long expires (sliding).</summary>
    [Range(5, 1440, ErrorMessage = "{0} must be between {1} and {2} minutes")]
    public int SessionMinutes { get; set; } = 480;

    /// <summary>Sign-in attempts allowed per minute from one address (ASP.NET Core's rate limiter).</summary>
    [Range(1, 1000, ErrorMessage = "{0} must be between {1} and {2} attempts")]
    public int SignInPerMinute { get; set; } = 20;

    /// <summary>Wrong passwords in a row for one login before each new attempt must wait (the wait doubles each time).</summary>
    [Range(1, 100, ErrorMessage = "{0} must be between {1} and {2} wrong passwords")]
    public int FailuresBeforeDelay { get; set; } = 3;

    /// <summary>The longest wait imposed between attempts on one login, in seconds.</summary>
    [Range(1, 3600, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int MaxDelaySeconds { get; set; } = 300;

    /// <summary>The flow's destination names counted as transfers to 17, 115 and child protection.</summary>
    public string PoliceDestination { get; set; } = "police";

    /// <summary>See <see cref="PoliceDestination"/>.</summary>
    public string HousingDestination { get; set; } = "hebergement-urgence";

    /// <summary>See <see cref="PoliceDestination"/>.</summary>
    public string ChildProtectionDestination { get; set; } = "protection-enfance";
}
