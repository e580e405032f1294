using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Helpline.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpline.Dashboard.Tests;

/// <summary>
/// Every page checked by axe-core (WCAG 2.1 A and AA rules) in chromium, on a phone-sized screen: labels, contrast,
/// landmarks, names of buttons and form fields.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(null, null, "/connexion")]
    [InlineData("chloe", DashboardServer.ChloePassword, "/poste")]
    [InlineData("chef", DashboardServer.SupervisorPassword, "/supervision")]
    public async Task Page_has_no_wcag_a_or_aa_violation(string? login, string? password, string path)
    {
        var page = await fixture.NewPageAsync(phone: true, bypassCsp: true);
        if (login is not null)
        {
            await BrowserFixture.SignInAsync(page, login, password!);
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(path + "$"));
        }
        else
        {
            await page.GotoAsync(path);
        }

        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });

        var violations = string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))})"));
        Assert.True(result.Violations.Length == 0, $"{path}:\n{violations}");
        Assert.Contains(result.Passes, rule => rule.Id == "html-has-lang"); // the rules really ran on this page
        Assert.Contains(result.Passes, rule => rule.Id == "color-contrast");
        Assert.Contains(result.Passes, rule => rule.Id == "button-name");
        await page.Context.CloseAsync();
    }
}
