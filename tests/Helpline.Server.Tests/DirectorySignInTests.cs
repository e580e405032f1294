using System.Net;
using System.Security.Claims;
using Helpline.Data.Accounts;
using Helpline.Server.Dashboard;
using Helpline.Server.Testing;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Helpline.Server.Dashboard.Pages;
using Helpline.Server.Dashboard.SignIn;

namespace Helpline.Server.Tests;

/// <summary>
/// The optional sign-in through the département's directory (OpenID Connect). No identity provider runs here: the
/// directory's endpoints are given to the handler as configuration, so the tests check what we send and decide — the
/// challenge (authorization code with PKCE, our callback, nonce and correlation cookies) and who may sign in — without a
/// stand-in server.
/// </summary>
public sealed class DirectorySignInTests
{
    private const string Authorize = "https://annuaire.example.test/realms/agents/protocol/openid-connect/auth";

    [Fact]
    public async Task Without_configuration_there_is_no_directory_link_and_no_route()
    {
        var (page, start) = await SignInPageAndChallengeAsync(new HelplineApp());

        Assert.DoesNotContain(FrenchText.DirectorySignIn, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
    }

    [Fact]
    public async Task Configured_directory_is_offered_and_the_challenge_asks_for_a_code_with_pkce_back_to_our_callback()
    {
        var (page, start) = await SignInPageAndChallengeAsync(Configured());

        Assert.Contains("href=\"/connexion/annuaire\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var location = start.Headers.Location!;
        Assert.StartsWith(Authorize + "?", location.AbsoluteUri, StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("helpline-ecoute", query["client_id"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.False(string.IsNullOrEmpty(query["code_challenge"].ToString()));
        Assert.Equal("http://localhost/connexion/annuaire/retour", query["redirect_uri"].ToString());
        Assert.Equal("openid profile", query["scope"].ToString());
        var cookies = start.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_directory_return_without_a_valid_answer_is_refused_with_a_french_page_and_no_session()
    {
        var app = Configured();
        await app.InitializeAsync();
        try
        {
            using var client = app.CreateClient();

            using var back = await client.GetAsync("/connexion/annuaire/retour?code=forged&state=forged");

            Assert.Equal(HttpStatusCode.Forbidden, back.StatusCode);
            Assert.Contains(FrenchText.DirectoryRefused, WebUtility.HtmlDecode(await back.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            Assert.False(back.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("helpline.session", StringComparison.Ordinal)));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("http://annuaire.example.test", "helpline", "Helpline:Dashboard:Oidc:Authority must start with https://: expected the directory's https issuer URL")]
    [InlineData("not a url", "helpline", "Helpline:Dashboard:Oidc:Authority is not an absolute URL: expected the directory's https issuer URL")]
    [InlineData("https://annuaire.example.test", "", "Helpline:Dashboard:Oidc:ClientId is required")]
    public async Task A_bad_directory_configuration_stops_the_start_naming_the_key(string authority, string clientId, string message)
    {
        var app = new HelplineApp();
        app.Settings["Helpline:Dashboard:Oidc:Authority"] = authority;
        app.Settings["Helpline:Dashboard:Oidc:ClientId"] = clientId;

        var error = await Assert.ThrowsAnyAsync<Exception>(app.InitializeAsync);

        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData(AccountRoles.Worker, true, "helpline-worker", true)]
    [InlineData(AccountRoles.Supervisor, true, "helpline-supervisor", true)]
    [InlineData(AccountRoles.Supervisor, true, "helpline-worker", false)] // a worker in the directory is not a supervisor here
    [InlineData(AccountRoles.Worker, true, "other-team", false)]
    [InlineData(AccountRoles.Worker, false, "helpline-worker", false)] // deactivated on the dashboard
    public void Directory_person_signs_in_only_with_an_active_account_and_the_matching_directory_role(string role, bool active, string directoryRole, bool admitted)
    {
        var options = new DirectoryOptions { Authority = "https://annuaire.example.test" };
        var person = Person("c.martin", directoryRole, "autre-role");
        var account = new AccountRecord(7, "c.martin", "hash", role, role == AccountRoles.Worker ? 3 : null, role == AccountRoles.Worker ? "Écoutante 3" : null, active, DateTimeOffset.UnixEpoch);

        var session = DirectoryIdentityMapper.Map(person, options, account);

        Assert.Equal(admitted, session is not null);
        if (session is not null)
        {
            Assert.Equal(7, DashboardClaims.Account(session));
            Assert.True(session.IsInRole(role));
            Assert.Equal(role == AccountRoles.Worker ? 3 : null, DashboardClaims.Worker(session));
        }
    }

    [Fact]
    public void Directory_person_without_a_dashboard_account_is_refused_and_the_login_comes_from_the_configured_claim()
    {
        var options = new DirectoryOptions { Authority = "https://annuaire.example.test", LoginClaim = "email" };
        var person = new ClaimsPrincipal(new ClaimsIdentity([new Claim("email", " c.martin@departement.fr "), new Claim("preferred_username", "cmartin")], "oidc"));

        Assert.Equal("c.martin@departement.fr", DirectoryIdentityMapper.Login(person, options));
        Assert.Null(DirectoryIdentityMapper.Map(person, options, account: null));
    }

    private static async Task<(string Page, HttpResponseMessage Start)> SignInPageAndChallengeAsync(HelplineApp app)
    {
        await app.InitializeAsync();
        try
        {
            using var client = app.CreateClient();
            return (await client.GetStringAsync("/connexion"), await client.GetAsync("/connexion/annuaire"));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static HelplineApp Configured()
    {
        var app = new HelplineApp
        {
            TestServices = services => services.Configure<OpenIdConnectOptions>(DirectoryOptions.Scheme, oidc => oidc.Configuration = new OpenIdConnectConfiguration
            {
                Issuer = "https://annuaire.example.test/realms/agents",
                AuthorizationEndpoint = Authorize,
                TokenEndpoint = "https://annuaire.example.test/realms/agents/protocol/openid-connect/token",
            }),
        };
        app.Settings["Helpline:Dashboard:Oidc:Authority"] = "https://annuaire.example.test/realms/agents";
        app.Settings["Helpline:Dashboard:Oidc:ClientId"] = "helpline-ecoute";
        app.Settings["Helpline:Dashboard:Oidc:ClientSecret"] = "a-client-secret-for-the-tests-only-x";
        return app;
    }

    private static ClaimsPrincipal Person(string login, params string[] roles) =>
        new(new ClaimsIdentity(new[] { new Claim("preferred_username", login) }.Concat(roles.Select(r => new Claim("roles", r))), "oidc"));
}
