using System.Security.Claims;
using Helpline.Data.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Helpline.Server.Dashboard.SignIn;

/// <summary>The claims of a dashboard session, and reading them back: the account, its role and its worker.</summary>
internal static class DashboardClaims
{
    /// <summary>The account's id.</summary>
    public const string AccountId = "helpline:account";

    /// <summary>The linked worker's id (worker accounts).</summary>
    public const string WorkerId = "helpline:worker";

    /// <summary>The session of <paramref name="account"/>: its name, role, id and worker — the same whichever way it signed in.</summary>
    public static ClaimsPrincipal Session(AccountRecord account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.WorkerName ?? account.Login),
            new(ClaimTypes.Role, account.Role),
            new(AccountId, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (account.WorkerId is { } workerId)
        {
            claims.Add(new Claim(WorkerId, workerId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

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
