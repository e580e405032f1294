using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Helpline.Dashboard.Tests.Infrastructure;
using Helpline.Server.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpline.Dashboard.Tests;

/// <summary>
/// The supervisors' alert banners in chromium, each on a server of its own whose fake clock the test moves round by
/// round: a banner appears, with its definition, when its condition holds — not before its threshold — and clears by
/// itself when the condition ends; its start and end are recorded once; the page still passes axe-core with a banner.
/// </summary>
public sealed class AlertBannerTests
{
    /// <summary>Tuesday 24 November 2026, 09:00 in Paris: the line opens.</summary>
    private static readonly DateTimeOffset Opening = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task Nobody_logged_in_banner_appears_five_minutes_after_opening_and_clears_when_a_worker_is_at_her_post()
    {
        var browser = new BrowserFixture { Server = Alerting.Server(Opening.AddMinutes(-2)) };
        await browser.InitializeAsync();
        try
        {
            var server = browser.Server;
            var page = await SupervisorAsync(browser);
            await Expect(page.Locator("[data-show=no-alert]")).ToBeVisibleAsync();

            await Alerting.AdvanceUntilAsync(async () => (await Alerting.RowsAsync(server, "nobody-logged-in")).Count > 0, server);

            var started = (await Alerting.RowsAsync(server, "nobody-logged-in")).Single();
            Assert.True(started.StartedAt >= Opening.AddMinutes(5).UtcDateTime, $"started at {started.StartedAt:o}, before 09:05"); // not before its threshold
            Assert.True(started.StartedAt < Opening.AddMinutes(6).UtcDateTime, $"started at {started.StartedAt:o}");
            Assert.Equal(string.Empty, started.Scope); // the whole line's
            var banner = page.Locator("[data-kind=nobody-logged-in]");
            await Expect(banner).ToContainTextAsync("Personne n'est connecté alors que la ligne est ouverte.");
            await Expect(banner).ToContainTextAsync("aucune écoutante n'est connectée depuis 5 minutes (comptées au plus tôt depuis l'ouverture)");
            await Expect(banner).ToContainTextAsync("Depuis 09:0");
            await Expect(page.Locator("[data-show=no-alert]")).ToBeHiddenAsync();
            await AssertAccessibleAsync(page);
            await BrowserFixture.ScreenshotAsync(page, "40-alerte-aucune-ecoutante");

            await Alerting.StatusAsync(server, "Bea", "pause"); // in pause, she is at her post: logged in
            await Alerting.AdvanceUntilAsync(async () => (await Alerting.RowsAsync(server, "nobody-logged-in")).Single().EndedAt is not null, server);

            await Expect(banner).ToHaveCountAsync(0);
            await Expect(page.Locator("[data-show=no-alert]")).ToBeVisibleAsync();
            Assert.Single(await Alerting.RowsAsync(server, "nobody-logged-in"));
            await page.Context.CloseAsync();
        }
        finally
        {
            await browser.DisposeAsync();
        }
    }

    [Fact]
    public async Task Oldest_wait_banner_appears_after_five_minutes_of_waiting_and_clears_when_the_caller_hangs_up()
    {
        var browser = new BrowserFixture { Server = Alerting.Server(HelplineApp.TuesdayMorning) };
        await browser.InitializeAsync();
        try
        {
            var server = browser.Server;
            await Alerting.StatusAsync(server, "Alice", "pause"); // at her post (no other alert), and nobody takes the caller
            var page = await SupervisorAsync(browser);
            var twilio = server.Twilio();
            var caller = new Caller(twilio);
            var enqueue = (await caller.CallAndChooseAsync("4")).Descendants("Enqueue").Single();
            var joined = server.Time.GetUtcNow();

            await Alerting.AdvanceUntilAsync(async () => (await Alerting.RowsAsync(server, "oldest-wait")).Count > 0, server);

            var row = (await Alerting.RowsAsync(server, "oldest-wait")).Single();
            Assert.True(row.StartedAt > joined.AddSeconds(300).UtcDateTime, $"started at {row.StartedAt:o}, the caller joined at {joined:o}"); // more than 300 s, not 300
            Assert.Contains("\"seconds\"", row.Measure, StringComparison.Ordinal);
            var banner = page.Locator("[data-kind=oldest-wait]");
            await Expect(banner).ToContainTextAsync("Une personne attend depuis plus de 5 min 00 s.");
            await Expect(banner).ToContainTextAsync("sans être encore en ligne avec une écoutante");
            await BrowserFixture.ScreenshotAsync(page, "41-alerte-attente");

            await twilio.TwimlAsync(twilio.Relative(enqueue.Attribute("action")!.Value), caller.Form(("QueueResult", "hangup"), ("QueueTime", "310")));
            await Alerting.AdvanceUntilAsync(async () => (await Alerting.RowsAsync(server, "oldest-wait")).Single().EndedAt is not null, server);

            await Expect(banner).ToHaveCountAsync(0);
            Assert.Empty(await Alerting.RowsAsync(server, "nobody-logged-in"));
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
