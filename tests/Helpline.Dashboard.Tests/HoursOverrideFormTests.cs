using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Helpline.Dashboard.Tests.Infrastructure;
using Helpline.Server.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpline.Dashboard.Tests;

/// <summary>
/// The hours override on /supervision in chromium, each test on a server of its own (an override closes the line for
/// every test that shares a server): set from the form, shown with who set it and when it ends, the same as the API's,
/// lifted with the button; a refused form comes back as typed with each problem in French beside its field.
/// </summary>
[Collection(OwnServerTests.Name)]
public sealed class HoursOverrideFormTests
{
    [Fact]
    public async Task Supervisor_closes_the_line_until_tonight_sees_who_and_until_when_then_lifts_it()
    {
        var browser = new BrowserFixture { Server = Alerting.Server(HelplineApp.TuesdayMorning) };
        await browser.InitializeAsync();
        try
        {
            var server = browser.Server;
            var page = await SupervisorAsync(browser);
            var panel = page.Locator("#horaires");
            await Expect(panel.Locator("[data-field=line-status]")).ToHaveTextAsync("La ligne est ouverte en ce moment (horaires habituels).");
            await Expect(panel.Locator("[data-field=override-none]")).ToHaveTextAsync("Aucune dérogation : les horaires du parcours d'appel s'appliquent.");

            await panel.GetByLabel("Fermée", new() { Exact = true }).CheckAsync();
            await panel.GetByLabel("Fin de la dérogation (heure de Paris)", new() { Exact = true }).FillAsync("2026-11-24T20:00");
            await panel.GetByLabel("Motif de la dérogation", new() { Exact = true }).FillAsync("Équipe en formation");
            await panel.GetByRole(AriaRole.Button, new() { Name = "Appliquer" }).ClickAsync();

            await Expect(page.GetByText("Dérogation enregistrée")).ToBeVisibleAsync();
            var active = panel.Locator("[data-field=override-active]");
            await Expect(active).ToContainTextAsync("Dérogation en cours : ligne fermée jusqu'au 24/11/2026 à 20:00 (heure de Paris).");
            await Expect(active).ToContainTextAsync("Motif : Équipe en formation");
            await Expect(active).ToContainTextAsync("Posée par chef le 24/11/2026 à 10:00.");
            await Expect(panel.Locator("[data-field=line-status]")).ToHaveTextAsync("La ligne est fermée en ce moment (dérogation).");
            await AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "45-derogation-posee");

            using (var api = server.CreateClient())
            {
                api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
                using var stored = JsonDocument.Parse(await api.GetStringAsync("/api/hours/override"));
                var set = stored.RootElement.GetProperty("override");
                Assert.Equal("closed", set.GetProperty("mode").GetString());
                Assert.Equal(new DateTimeOffset(2026, 11, 24, 19, 0, 0, TimeSpan.Zero), set.GetProperty("until").GetDateTimeOffset()); // 20:00 in Paris (UTC+1)
                Assert.Equal("Équipe en formation", set.GetProperty("reason").GetString());
                Assert.False(stored.RootElement.GetProperty("open").GetBoolean());
            }

            await using (var db = await server.OpenDatabaseAsync())
            {
                Assert.Equal("chef", await db.ExecuteScalarAsync<string>("select set_by from hours_override"));
            }

            Assert.Contains(server.Logs.Lines, l => l.Contains("Hours override set by chef: closed", StringComparison.Ordinal));

            await active.GetByRole(AriaRole.Button, new() { Name = "Lever la dérogation" }).ClickAsync();

            await Expect(page.GetByText("Dérogation levée")).ToBeVisibleAsync();
            await Expect(panel.Locator("[data-field=override-active]")).ToHaveCountAsync(0);
            await Expect(panel.Locator("[data-field=override-none]")).ToBeVisibleAsync();
            await Expect(panel.Locator("[data-field=line-status]")).ToHaveTextAsync("La ligne est ouverte en ce moment (horaires habituels).");
            Assert.Contains(server.Logs.Lines, l => l.Contains("Hours override cleared by chef", StringComparison.Ordinal));
            await page.Context.CloseAsync();
        }
        finally
        {
            await browser.DisposeAsync();
        }
    }

    [Fact]
    public async Task Refused_form_comes_back_as_typed_with_each_problem_in_french_beside_its_field_and_nothing_is_set()
    {
        var browser = new BrowserFixture { Server = Alerting.Server(HelplineApp.TuesdayMorning) };
        await browser.InitializeAsync();
        try
        {
            var server = browser.Server;
            var page = await SupervisorAsync(browser);
            var panel = page.Locator("#horaires");

            // No mode, an end this morning (already past at 10:00), no reason.
            await panel.GetByLabel("Fin de la dérogation (heure de Paris)", new() { Exact = true }).FillAsync("2026-11-24T08:00");
            var refused = await page.RunAndWaitForResponseAsync(
                () => panel.GetByRole(AriaRole.Button, new() { Name = "Appliquer" }).ClickAsync(),
                r => r.Url.EndsWith("/supervision/horaires", StringComparison.Ordinal));

            Assert.Equal(400, refused.Status);
            await Expect(page.Locator("#horaires-mode-erreur")).ToHaveTextAsync("Choisissez si la ligne sera ouverte ou fermée.");
            await Expect(page.Locator("#horaires-until-erreur")).ToHaveTextAsync("Cette date est passée (il est 10:00 le 24/11/2026 à Paris) : choisissez une date à venir.");
            await Expect(page.Locator("#horaires-reason-erreur")).ToHaveTextAsync("Indiquez le motif (500 caractères au plus).");
            var until = panel.GetByLabel("Fin de la dérogation (heure de Paris)", new() { Exact = true });
            await Expect(until).ToHaveValueAsync("2026-11-24T08:00"); // as typed
            await Expect(until).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(until).ToHaveAttributeAsync("aria-describedby", "horaires-jusqua-aide horaires-until-erreur");
            await Expect(panel.Locator("[data-field=override-none]")).ToBeVisibleAsync();
            await AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "46-derogation-refusee");

            // Open, with a reason, but beyond the longest override.
            await panel.GetByLabel("Ouverte", new() { Exact = true }).CheckAsync();
            await until.FillAsync("2027-02-01T12:00");
            await panel.GetByLabel("Motif de la dérogation", new() { Exact = true }).FillAsync("Crise : permanence élargie");
            await panel.GetByRole(AriaRole.Button, new() { Name = "Appliquer" }).ClickAsync();

            await Expect(page.Locator("#horaires-until-erreur")).ToHaveTextAsync("Au plus 62 jours : pour un changement plus long, faites modifier le calendrier du parcours d'appel.");
            await Expect(page.Locator("#horaires-mode-erreur")).ToHaveCountAsync(0);
            await Expect(page.Locator("#horaires-reason-erreur")).ToHaveCountAsync(0);
            await Expect(panel.GetByLabel("Ouverte", new() { Exact = true })).ToBeCheckedAsync();
            await Expect(panel.GetByLabel("Motif de la dérogation", new() { Exact = true })).ToHaveValueAsync("Crise : permanence élargie");
            await using var db = await server.OpenDatabaseAsync();
            Assert.Equal(0, await db.ExecuteScalarAsync<long>("select count(*) from hours_override"));
            await page.Context.CloseAsync();
        }
        finally
        {
            await browser.DisposeAsync();
        }
    }

    private static async Task<IPage> SupervisorAsync(BrowserFixture browser)
    {
        var page = await browser.NewPageAsync(bypassCsp: true); // axe-core injects its script
        await BrowserFixture.SignInAsync(page, "chef", DashboardServer.SupervisorPassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/supervision$"));
        return page;
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var violations = string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))})"));
        Assert.True(result.Violations.Length == 0, violations);
    }
}
