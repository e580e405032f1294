using System.Text.Encodings.Web;
using System.Text.Unicode;
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
using Helpline.Server.Dashboard.Live;
using Helpline.Server.Dashboard.Orientations;
using Helpline.Server.Dashboard.Pages;
using Helpline.Server.Dashboard.SignIn;
using Helpline.Server.Security;

namespace Helpline.Server.Hosting;

/// <summary>
/// Registers and maps the social workers' and supervisors' web page: cookie sessions, roles, antiforgery, the
/// sign-in rate limiter, the security headers, the stores it reads and the accounts created from configuration.
/// </summary>
internal static class DashboardServiceExtensions
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "helpline.session";

    /// <summary>Adds the dashboard's services to <paramref name="builder"/>.</summary>
    public static IHostApplicationBuilder AddHelplineDashboard(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.AddValidatedOptions<DashboardOptions>(DashboardOptions.Section);

        services.AddSingleton<AccountStore>();
        services.AddSingleton<WrapUpStore>();
        services.AddSingleton<StatisticsStore>();
        services.AddSingleton<IPasswordHasher<AccountRecord>, PasswordHasher<AccountRecord>>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<OrientationCatalog>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<AccountBootstrap>();
        services.AddHostedService(sp => sp.GetRequiredService<AccountBootstrap>());

        // The pages are Razor components rendered on the server (RazorComponentResult): no circuit, no Blazor script.
        // Their text is French: the encoder leaves letters as they are (UTF-8) and still escapes markup characters.
        services.AddRazorComponents();
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));

        services.AddSingleton<DataProtectionKeyStore>();
        services.AddDataProtection().SetApplicationName("helpline");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DataProtectionKeyStore>((keys, store) => keys.XmlRepository = new PostgresXmlRepository(store));

        builder.AddValidatedOptions<DirectoryOptions>(DirectoryOptions.Section);
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
                    DashboardPage.Refusal(context.HttpContext, FrenchText.ForbiddenTitle, FrenchText.Forbidden, StatusCodes.Status403Forbidden,
                        linkHref: "/", linkText: FrenchText.BackToMyPage).ExecuteAsync(context.HttpContext);
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
                new ValueTask(DashboardPage.Refusal(context.HttpContext, FrenchText.SignInTitle, FrenchText.RateLimited, StatusCodes.Status429TooManyRequests, alert: true)
                    .ExecuteAsync(context.HttpContext));
        });
        // Data protection reads its key ring from PostgreSQL at start through a hosted service of its own, before the
        // migrations have created the table on a first start (an error and a stack trace in the operator's first log).
        // Without it the key ring is read at its first use: a page or a form, by which time the database is ready.
        foreach (var preload in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService").ToList())
        {
            services.Remove(preload);
        }

        return builder;
    }

    /// <summary>Maps the dashboard's assets, sign-in and pages (the middleware they need is in <c>Program.cs</c>).</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapDashboardAssets();
        app.MapSignIn();
        app.MapDirectorySignIn();
        app.MapWorkerPages();
        app.MapSupervisorPages();
        app.MapCallerPolicyPages();
        return app;
    }
}
