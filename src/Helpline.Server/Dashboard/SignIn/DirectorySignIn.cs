using Helpline.Data.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Helpline.Server.Dashboard.Pages;

namespace Helpline.Server.Dashboard.SignIn;

/// <summary>
/// Sign-in through the département's directory (OpenID Connect, authorization code with PKCE), when configured:
/// <c>GET /connexion/annuaire</c> starts it, the directory comes back to <c>/connexion/annuaire/retour</c>, and
/// <see cref="DirectoryIdentityMapper"/> decides. The session is the same cookie as a password sign-in.
/// </summary>
internal static class DirectorySignIn
{
    /// <summary>Where the directory sends the person back (register it at the directory).</summary>
    public const string CallbackPath = "/connexion/annuaire/retour";

    /// <summary>Adds the OpenID Connect scheme that signs into the dashboard's cookie.</summary>
    public static AuthenticationBuilder AddDirectorySignIn(this AuthenticationBuilder auth, DirectoryOptions directory)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(directory);
        return auth.AddOpenIdConnect(DirectoryOptions.Scheme, FrenchText.DirectoryName, oidc =>
        {
            oidc.Authority = directory.Authority;
            oidc.ClientId = directory.ClientId;
            oidc.ClientSecret = directory.ClientSecret;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            oidc.ResponseMode = OpenIdConnectResponseMode.Query;
            oidc.UsePkce = true;
            oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            oidc.CallbackPath = CallbackPath;
            oidc.MapInboundClaims = false; // keep the directory's claim names: LoginClaim and RoleClaim are written in them
            oidc.SaveTokens = false; // the session needs no token of the directory
            oidc.Scope.Clear();
            oidc.Scope.Add("openid");
            oidc.Scope.Add("profile");
            // The return from the directory is a top-level GET from another site: Lax lets these short-lived cookies come back.
            oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
            oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            oidc.NonceCookie.SameSite = SameSiteMode.Lax;
            oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            oidc.Events.OnTokenValidated = async context =>
            {
                var login = context.Principal is null ? null : DirectoryIdentityMapper.Login(context.Principal, directory);
                var account = login is null ? null : await context.HttpContext.RequestServices.GetRequiredService<AccountStore>().FindAsync(login, context.HttpContext.RequestAborted);
                var session = context.Principal is null ? null : DirectoryIdentityMapper.Map(context.Principal, directory, account);
                if (session is null)
                {
                    context.Fail("no active dashboard account with this login and the matching directory role");
                    return;
                }

                context.Principal = session;
                context.Properties!.IsPersistent = false;
            };
            oidc.Events.OnRemoteFailure = context =>
            {
                context.HandleResponse();
                return DashboardPage.Refusal(context.HttpContext, FrenchText.DirectoryRefusedTitle, FrenchText.DirectoryRefused, StatusCodes.Status403Forbidden,
                    linkHref: "/connexion", linkText: FrenchText.BackToSignIn).ExecuteAsync(context.HttpContext);
            };
        });
    }

    /// <summary>Maps the start of the directory sign-in and the page it ends on (only when configured).</summary>
    public static void MapDirectorySignIn(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IOptions<DirectoryOptions>>().Value.Enabled)
        {
            return;
        }

        app.MapGet("/connexion/annuaire", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/connexion/annuaire/fin" }, [DirectoryOptions.Scheme]));
        // The session cookie is SameSite=Strict: on the redirect chain that began at the directory the browser would not
        // send it yet. This page, on our own site, moves on to the person's page, where it is sent.
        app.MapGet("/connexion/annuaire/fin", (HttpContext context) => DashboardPage.Render<SignedInPage>(context, new Dictionary<string, object?>()));
    }
}
