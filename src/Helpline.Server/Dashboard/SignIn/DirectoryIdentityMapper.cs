using System.Security.Claims;
using Helpline.Data.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Helpline.Server.Dashboard.SignIn;

/// <summary>
/// Turns a person signed in by the département's directory into a dashboard session — or refuses them. Kept apart from
/// the OpenID Connect plumbing so the rule can be read and tested on its own.
/// </summary>
internal static class DirectoryIdentityMapper
{
    /// <summary>The login the directory gives for <paramref name="directoryUser"/>, or null.</summary>
    public static string? Login(ClaimsPrincipal directoryUser, DirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(directoryUser);
        ArgumentNullException.ThrowIfNull(options);
        var login = directoryUser.FindFirst(options.LoginClaim)?.Value?.Trim();
        return string.IsNullOrEmpty(login) ? null : login;
    }

    /// <summary>
    /// The session for <paramref name="account"/> (the dashboard account with the directory's login), or null when the
    /// person may not sign in: no such account, a deactivated one, or the directory does not grant the account's role.
    /// </summary>
    public static ClaimsPrincipal? Map(ClaimsPrincipal directoryUser, DirectoryOptions options, AccountRecord? account)
    {
        ArgumentNullException.ThrowIfNull(directoryUser);
        ArgumentNullException.ThrowIfNull(options);
        if (account is not { Active: true })
        {
            return null;
        }

        var required = account.Role == AccountRoles.Supervisor ? options.SupervisorRoleValue : options.WorkerRoleValue;
        var granted = directoryUser.FindAll(options.RoleClaim).Any(c => string.Equals(c.Value, required, StringComparison.Ordinal));
        return granted ? DashboardClaims.Session(account) : null;
    }
}
