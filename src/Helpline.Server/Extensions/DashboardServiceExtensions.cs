using System.Threading.RateLimiting;
using Helpline.Data.Accounts;
using Helpline.Data.Security;
using Helpline.Data.Statistics;
using Helpline.Data.WrapUps;
using Helpline.Server.Dashboard;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Extensions;

/// <summary>
/// Registers and maps the social workers' and supervisors' web page: cookie sessions, roles, antiforgery, the
/// sign-in rate limiter, the security headers, the stores it reads and the accounts created from configuration.
/// </summary>
public static class DashboardServiceExtensions
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "helpline.session";

    /// <summary>Adds the dashboard's services to <paramref name="builder"/>.</summary>
    public static IHostApplicationBuilder AddHelplineDashboard(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<DashboardOptions>()
            .Bind(builder.Configuration.GetSection(DashboardOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Accounts.All(a => a.Login.Trim().Length is > 0 and <= 100),
                "Helpline:Dashboard:Accounts: every account needs a Login (1-100 characters)")
            .Validate(o => o.Accounts.All(a => a.Password.Length >= 10),
                "Helpline:Dashboard:Accounts: every account needs a Password of at least 10 characters (set Helpline__Dashboard__Accounts__N__Password in the environment)")
            .Validate(o => o.Accounts.All(a => a.Role == AccountRoles.Supervisor || (a.Role == AccountRoles.Worker && !string.IsNullOrWhiteSpace(a.Worker))),
                "Helpline:Dashboard:Accounts: Role must be worker (with Worker: the worker's name) or supervisor")
            .ValidateOnStart();

        services.AddSingleton<AccountStore>();
        services.AddSingleton<WrapUpStore>();
        services.AddSingleton<StatisticsStore>();
        services.AddSingleton<IPasswordHasher<AccountRecord>, PasswordHasher<AccountRecord>>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<OrientationCatalog>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<AccountBootstrap>();
        services.AddHostedService(sp => sp.GetRequiredService<AccountBootstrap>());

        services.AddSingleton<DataProtectionKeyStore>();
        services.AddDataProtection().SetApplicationName("helpline");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataProtectionKeyStore>((keys, store) => keys.XmlRepository = new PostgresXmlRepository(store));

        services.AddOptions<DirectoryOptions>()
            .Bind(builder.Configuration.GetSection(DirectoryOptions.Section))
            .Validate(o => !o.Enabled || (Uri.TryCreate(o.Authority, UriKind.Absolute, out var authority) && authority.Scheme == Uri.UriSchemeHttps),
                "Helpline:Dashboard:Oidc:Authority must be the directory's https issuer URL")
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.ClientId),
                "Helpline:Dashboard:Oidc:ClientId is required when Helpline:Dashboard:Oidc:Authority is set")
            .ValidateOnStart();
        var authentication = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        var directory = builder.Configuration.GetSection(DirectoryOptions.Section).Get<DirectoryOptions>() ?? new DirectoryOptions();
        if (directory.Enabled)
        {
            authentication.AddDirectorySignIn(directory);
        }
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<DashboardOptions>>((cookie, dashboard) =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // behind the TLS proxy every request is https
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(dashboard.Value.SessionMinutes);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = "/connexion";
                cookie.LogoutPath = "/deconnexion";
                cookie.Events.OnRedirectToAccessDenied = context =>
                    DashboardHtml.Page(context.HttpContext, "Accès refusé", $"<p>{DashboardHtml.H(FrenchText.Forbidden)}</p><p><a href=\"/\">Retour à mon poste</a></p>",
                        statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context.HttpContext);
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    // A deactivated account loses its open sessions at their next request.
                    var id = context.Principal is null ? null : DashboardClaims.Account(context.Principal);
                    var account = id is null ? null : await context.HttpContext.RequestServices.GetRequiredService<AccountStore>().GetAsync(id.Value, context.HttpContext.RequestAborted);
                    if (account is not { Active: true })
                    {
                        context.RejectPrincipal();
                    }
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(WorkerEndpoints.Policy, policy => policy.RequireRole(AccountRoles.Worker).RequireClaim(DashboardClaims.WorkerId))
            .AddPolicy(SupervisorEndpoints.Policy, policy => policy.RequireRole(AccountRoles.Supervisor));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "helpline.antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInEndpoints.RateLimitPolicy, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<DashboardOptions>>().Value.SignInPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            options.OnRejected = (context, _) =>
                new ValueTask(DashboardHtml.Page(context.HttpContext, "Connexion", $"<p class=\"error\" role=\"alert\">{DashboardHtml.H(FrenchText.RateLimited)}</p>",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext));
        });
        return builder;
    }

    /// <summary>Adds the security headers, sessions, antiforgery and the rate limiter to the pipeline, and maps the pages.</summary>
    public static WebApplication MapHelplineDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = app.Services.GetRequiredService<OrientationCatalog>(); // a malformed orientations file stops the start, with its reason
        app.UseMiddleware<SecurityHeaders>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseRateLimiter();
        app.MapDashboardAssets();
        app.MapSignIn();
        app.MapDirectorySignIn();
        app.MapWorkerPages();
        app.MapSupervisorPages();
        return app;
    }
}
