using System.Globalization;
using System.Net;
using Helpline.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpline.Dashboard.Tests;

/// <summary>The supervisors' page in headless chromium, and who may open what.</summary>
[Collection(BrowserTests.Name)]
public sealed class SupervisorPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Supervisor_counters_move_live_when_a_call_is_transferred_to_17_and_the_csv_has_the_same_figures()
    {
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "chef", DashboardServer.SupervisorPassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/supervision$"));
        var offered = int.Parse(await page.Locator("[data-counter=offered]").TextContentAsync() ?? "", CultureInfo.InvariantCulture);
        var police = int.Parse(await page.Locator("[data-counter=police]").TextContentAsync() ?? "", CultureInfo.InvariantCulture);
        await Expect(page.Locator("#par-heure")).ToBeVisibleAsync();
        await Expect(page.GetByText("Tous les appels arrivés sur la ligne aujourd'hui")).ToBeVisibleAsync();
        await Expect(page.Locator("#flux-titre ~ dl")).ToContainTextAsync("un-premier-pas");
        await BrowserFixture.ScreenshotAsync(page, "10-supervision");

        await new Caller(fixture.Server.Twilio()).TransferredToPoliceAsync();

        await Expect(page.Locator("[data-counter=offered]")).ToHaveTextAsync((offered + 1).ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("[data-counter=police]")).ToHaveTextAsync((police + 1).ToString(CultureInfo.InvariantCulture));
        await BrowserFixture.ScreenshotAsync(page, "11-supervision-compteurs");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Télécharger" }).ClickAsync());
        var csv = await File.ReadAllLinesAsync(await download.PathAsync());
        Assert.StartsWith("date,appels_recus,pris,raccroches_en_attente,debordements,transferes_17,", csv[0], StringComparison.Ordinal);
        Assert.Equal(31, csv.Length); // the header and 30 days
        var today = csv[^1].Split(',');
        Assert.Equal("2026-11-24", today[0]);
        Assert.Equal((offered + 1).ToString(CultureInfo.InvariantCulture), today[1]);
        Assert.Equal((police + 1).ToString(CultureInfo.InvariantCulture), today[5]);
        Assert.Matches(@"^ligne-ecoute-\d{4}-\d{2}-\d{2}-2026-11-24\.csv$", download.SuggestedFilename);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Worker_cannot_open_the_supervisor_page_nor_the_api()
    {
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "alice", DashboardServer.AlicePassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/poste$"));

        var response = await page.GotoAsync("/supervision");
        var api = await page.APIRequest.GetAsync("/api/workers");
        var export = await page.APIRequest.GetAsync("/supervision/export.csv?du=2026-11-24&au=2026-11-24");

        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Expect(page.Locator("main")).ToContainTextAsync("réservée aux superviseures et superviseurs");
        await BrowserFixture.ScreenshotAsync(page, "12-acces-refuse");
        Assert.Equal((int)HttpStatusCode.Forbidden, api.Status);
        Assert.Equal((int)HttpStatusCode.Forbidden, export.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Supervisor_session_may_use_the_api_and_anonymous_requests_get_401()
    {
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "chef", DashboardServer.SupervisorPassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/supervision$"));
        using var anonymous = fixture.Server.CreateClient();

        var signedIn = await page.APIRequest.GetAsync("/api/workers");
        using var noSession = await anonymous.GetAsync("/api/workers");
        using var noSessionQueue = await anonymous.GetAsync("/api/queue");
        using var page401 = await anonymous.GetAsync("/supervision");

        Assert.Equal(200, signedIn.Status);
        Assert.Contains("\"Alice\"", await signedIn.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noSession.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noSessionQueue.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page401.StatusCode); // a page sends an anonymous person to the sign-in form
        Assert.StartsWith("/connexion", page401.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Wrong_password_is_refused_and_repeated_failures_make_the_login_wait()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/connexion");
        await BrowserFixture.ScreenshotAsync(page, "00-connexion");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await BrowserFixture.SignInAsync(page, "bea", "not-her-password-" + attempt);
            await Expect(page.Locator(".error")).ToHaveTextAsync("Identifiant ou mot de passe incorrect.");
        }

        await BrowserFixture.SignInAsync(page, "bea", DashboardServer.BeaPassword);
        await Expect(page.Locator(".error")).ToContainTextAsync("Trop de tentatives pour cet identifiant. Réessayez dans 5 s");
        await BrowserFixture.ScreenshotAsync(page, "06-connexion-ralentie");
        Assert.EndsWith("/connexion", page.Url, StringComparison.Ordinal);

        fixture.Server.Time.Advance(TimeSpan.FromSeconds(5));
        await BrowserFixture.SignInAsync(page, "bea", DashboardServer.BeaPassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/poste$"));
        await page.Context.CloseAsync();
    }
}
