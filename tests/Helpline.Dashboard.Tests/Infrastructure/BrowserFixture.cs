using Microsoft.Playwright;

namespace Helpline.Dashboard.Tests.Infrastructure;

/// <summary>
/// One server and one headless Debian chromium shared by the browser tests (Playwright drives it through
/// <c>ExecutablePath</c>; no Playwright browser is downloaded). Each test opens its own browser context, so sessions
/// never leak between tests. Screenshots go to <c>.local/test-results/screenshots/</c>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>The server the browser opens: the shared one, or a test's own (its clock or settings of its own).</summary>
    public DashboardServer Server { get; init; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public static string Screenshots { get; } = Path.Combine(Helpline.Server.Testing.HelplineApp.RepoRoot, ".local", "test-results", "screenshots");

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh context (its own cookies) on the server, with a phone-sized or desktop viewport.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            Locale = "fr-FR",
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
            BypassCSP = bypassCsp, // only for axe-core, which injects its script
        });
        // A generous guard against a hang, not a performance assertion: live updates normally land within a second.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the form and returns the page it lands on.</summary>
    public static async Task SignInAsync(IPage page, string login, string password)
    {
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Identifiant").FillAsync(login);
        await page.GetByLabel("Mot de passe").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}
