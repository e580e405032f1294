using System.Security.Claims;

namespace Helpline.Server.Dashboard;

/// <summary>The claims of a dashboard session, and reading them back: the account, its role and its worker.</summary>
public static class DashboardClaims
{
    /// <summary>The account's id.</summary>
    public const string AccountId = "helpline:account";

    /// <summary>The linked worker's id (worker accounts).</summary>
    public const string WorkerId = "helpline:worker";

    /// <summary>The account id of a signed-in user, or null.</summary>
    public static int? Account(ClaimsPrincipal user) => Int(user, AccountId);

    /// <summary>The worker id of a signed-in worker, or null.</summary>
    public static int? Worker(ClaimsPrincipal user) => Int(user, WorkerId);

    private static int? Int(ClaimsPrincipal user, string type)
    {
        ArgumentNullException.ThrowIfNull(user);
        return int.TryParse(user.FindFirst(type)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
