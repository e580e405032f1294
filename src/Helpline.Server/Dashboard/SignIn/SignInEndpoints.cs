using System.Security.Claims;
using Helpline.Data.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Helpline.Server.Dashboard.Pages;

namespace Helpline.Server.Dashboard.SignIn;

/// <summary>
/// Sign-in and sign-out: <c>GET/POST /connexion</c>, <c>POST /deconnexion</c>, and <c>/</c> which sends each person
/// to their page. The session is a cookie (HttpOnly, SameSite=Strict, sliding expiry); the sign-in is rate limited
/// per address and slowed per login (<see cref="SignInThrottle"/>).
/// </summary>
internal static class SignInEndpoints
{
    /// <summary>The rate limiter policy of <c>POST /connexion</c>.</summary>
    public const string RateLimitPolicy = "sign-in";

    /// <summary>Maps the routes.</summary>
    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Home);
        app.MapGet("/connexion", Form);
        app.MapPost("/connexion", SignInAsync).RequireRateLimiting(RateLimitPolicy);
        app.MapPost("/deconnexion", SignOutAsync);
    }

    /// <summary>The sign-in form's fields.</summary>
    public sealed class SignInForm
    {
        /// <summary>The <c>login</c> field (absent: null).</summary>
        public string? Login { get; set; }

        /// <summary>The <c>password</c> field (absent: null).</summary>
        public string? Password { get; set; }
    }

    private static IResult Home(HttpContext context) =>
        context.User.Identity?.IsAuthenticated != true ? Results.Redirect("/connexion")
        : context.User.IsInRole(AccountRoles.Supervisor) ? Results.Redirect("/supervision")
        : Results.Redirect("/poste");

    private static IResult Form(HttpContext context) => FormPage(context, null, null);

    private static IResult FormPage(HttpContext context, string? login, string? error, int status = StatusCodes.Status200OK) =>
        DashboardPage.Render<SignInPage>(context, new Dictionary<string, object?>
        {
            [nameof(SignInPage.Login)] = login,
            [nameof(SignInPage.Error)] = error,
            [nameof(SignInPage.DirectoryEnabled)] = context.RequestServices.GetRequiredService<IOptions<DirectoryOptions>>().Value.Enabled,
        }, status);

    private static async Task<IResult> SignInAsync(
        [FromForm] SignInForm form, HttpContext context, AccountStore accounts, IPasswordHasher<AccountRecord> hasher, SignInThrottle throttle, CancellationToken ct)
    {
        var login = (form.Login ?? string.Empty).Trim();
        var password = form.Password ?? string.Empty;
        if (login.Length is 0 or > 100 || password.Length is 0 or > 200)
        {
            return FormPage(context, login, FrenchText.WrongCredentials, StatusCodes.Status400BadRequest);
        }

        if (throttle.WaitBeforeAttempt(login) is { } wait)
        {
            return FormPage(context, login, FrenchText.TooManyAttempts(wait), StatusCodes.Status429TooManyRequests);
        }

        var account = await accounts.FindAsync(login, ct);
        var verdict = account is { Active: true } ? hasher.VerifyHashedPassword(account, account.PasswordHash, password) : PasswordVerificationResult.Failed;
        if (account is null || verdict == PasswordVerificationResult.Failed)
        {
            throttle.RecordFailure(login);
            return FormPage(context, login, FrenchText.WrongCredentials, StatusCodes.Status401Unauthorized);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await accounts.SetPasswordHashAsync(account.Id, hasher.HashPassword(account, password), ct);
        }

        throttle.RecordSuccess(login);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, DashboardClaims.Session(account),
            new AuthenticationProperties { IsPersistent = false });
        return Results.Redirect(account.Role == AccountRoles.Supervisor ? "/supervision" : "/poste");
    }

    private static async Task<IResult> SignOutAsync([FromForm] IFormCollection form, HttpContext context)
    {
        _ = form; // binding the form is what makes the antiforgery check run on this endpoint
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/connexion");
    }
}
