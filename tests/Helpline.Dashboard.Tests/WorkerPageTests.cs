using Dapper;
using Helpline.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Helpline.Server.Agents;
using Helpline.Server.Dashboard.Orientations;

namespace Helpline.Dashboard.Tests;

/// <summary>A social worker's page in headless chromium, against the real server, PostgreSQL and signed webhooks.</summary>
[Collection(BrowserTests.Name)]
public sealed class WorkerPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Worker_sees_a_queued_call_live_gets_it_with_its_menu_choice_and_ends_wrap_up_with_the_orientation_form()
    {
        var server = fixture.Server;
        var page = await fixture.NewPageAsync(phone: true);
        await BrowserFixture.SignInAsync(page, "alice", DashboardServer.AlicePassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/poste$"));
        await BrowserFixture.ScreenshotAsync(page, "01-poste-hors-ligne");

        // In pause: logged in (a caller waits instead of overflowing) but not offered calls.
        await page.GetByRole(AriaRole.Button, new() { Name = "En pause" }).ClickAsync();
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("En pause");
        await Expect(page.Locator("[data-field=waiting]")).ToHaveTextAsync("0");
        var caller = new Caller(server.Twilio());
        await caller.CallAndChooseAsync("4");

        await Expect(page.Locator("[data-field=waiting]")).ToHaveTextAsync("1");
        server.Time.Advance(TimeSpan.FromSeconds(40));
        await Expect(page.Locator("[data-field=longest]")).ToHaveTextAsync("40 s");
        await BrowserFixture.ScreenshotAsync(page, "02-poste-appel-en-attente");

        await page.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        server.Services.GetRequiredService<Dispatcher>().Wake();
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Sonnerie");
        await Expect(page.Locator("[data-field=call-menu]")).ToHaveTextAsync("touche 4");
        await Expect(page.Locator("[data-field=call-waited]")).ToHaveTextAsync("40 s");
        await Expect(page.Locator("[data-show=call-tags]")).ToBeHiddenAsync(); // key 4: nothing to know beforehand
        await Expect(page.Locator("[data-field=waiting]")).ToHaveTextAsync("0");
        await Expect(page.Locator("[data-field=longest]")).ToHaveTextAsync("—");
        await BrowserFixture.ScreenshotAsync(page, "03-poste-sonnerie");
        Assert.DoesNotContain(caller.From[3..], await page.ContentAsync(), StringComparison.Ordinal); // the caller's number, in any form

        var aliceId = await WorkerIdAsync("Alice");
        var dialAction = await caller.WorkerAnswersAsync(aliceId);
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("En communication");
        await caller.ConversationEndsAsync(dialAction, 300);
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Après-appel");
        await Expect(page.Locator("[data-show=wrapup]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-show=pending]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=pending-menu]")).ToHaveTextAsync("touche 4");
        await Expect(page.Locator("[data-field=wrapup-seconds]")).ToContainTextAsync("min");
        await BrowserFixture.ScreenshotAsync(page, "04-poste-apres-appel");

        await page.GetByLabel("Hébergement").CheckAsync();
        await page.GetByLabel("Note (facultative, sans nom ni numéro)").FillAsync("Orientée vers le 115 du département.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et terminer l'après-appel" }).ClickAsync();

        await Expect(page.Locator(".notice")).ToContainTextAsync("Orientation enregistrée");
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Disponible");
        await Expect(page.Locator("[data-show=pending]")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(page, "05-poste-orientation-enregistree");
        await using var db = await server.OpenDatabaseAsync();
        var (category, note, worker) = await db.QuerySingleAsync<(string, string, int)>("select category, note, worker_id from wrap_ups where call_sid = @sid", new { sid = caller.Sid });
        Assert.Equal(("hebergement", "Orientée vers le 115 du département.", aliceId), (category, note, worker));
        Assert.Equal("available", await db.ExecuteScalarAsync<string>("select status from workers where id = @aliceId", new { aliceId }));
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Issue 12.3: a caller who pressed 5 (cannot speak) is shown so on the worker's page while the phone rings, beside
    /// the menu choice, with the flow's label — never with a number.
    /// </summary>
    [Fact]
    public async Task Worker_sees_that_the_caller_cannot_speak_while_the_phone_rings()
    {
        var server = fixture.Server;
        var page = await fixture.NewPageAsync(phone: true);
        await BrowserFixture.SignInAsync(page, "chloe", DashboardServer.ChloePassword);
        await Expect(page.Locator("[data-field=waiting]")).ToHaveTextAsync("0"); // no caller left by another test
        foreach (var other in new[] { "Alice", "Bea" })
        {
            await AdminStatusAsync(await WorkerIdAsync(other), "offline"); // the call can only be Chloe's
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Disponible");
        var caller = new Caller(server.Twilio());

        await caller.CallAndChooseAsync("5");
        server.Services.GetRequiredService<Dispatcher>().Wake();

        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Sonnerie");
        await Expect(page.Locator("[data-field=call-menu]")).ToHaveTextAsync("touche 5");
        await Expect(page.Locator("[data-show=call-tags]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-field=call-tags]")).ToHaveTextAsync("Ne peut pas parler");
        await BrowserFixture.ScreenshotAsync(page, "06-poste-ne-peut-pas-parler");
        Assert.DoesNotContain(caller.From[3..], await page.ContentAsync(), StringComparison.Ordinal); // the caller's number, in any form

        await server.Twilio().PostAsync("/voice/status", caller.Form(("CallStatus", "completed")));
        await Expect(page.Locator("[data-show=call-tags]")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Hors ligne" }).ClickAsync();
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Hors ligne");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Worker_page_is_usable_with_the_keyboard_alone()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/connexion");
        await page.Keyboard.TypeAsync("chloe");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(DashboardServer.ChloePassword);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/poste$"));

        await page.GetByRole(AriaRole.Button, new() { Name = "En pause" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("En pause");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "En pause" })).ToHaveAttributeAsync("aria-pressed", "true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hors ligne" }).ClickAsync();
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Hors ligne");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Pause_chosen_while_the_phone_rings_is_shown_pending_then_applied_and_an_autopause_says_why()
    {
        var server = fixture.Server;
        foreach (var other in new[] { "Alice", "Chloe" })
        {
            await AdminStatusAsync(await WorkerIdAsync(other), "offline"); // Bea alone can be offered the caller
        }

        var bea = await WorkerIdAsync("Bea");
        var page = await fixture.NewPageAsync(phone: true);
        await BrowserFixture.SignInAsync(page, "bea", DashboardServer.BeaPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        var caller = new Caller(server.Twilio());
        await caller.CallAndChooseAsync("4");
        server.Services.GetRequiredService<Dispatcher>().Wake();
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Sonnerie");

        await page.GetByRole(AriaRole.Button, new() { Name = "En pause" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("prendra effet à la fin de l'appel");
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Sonnerie · en pause après l'appel");
        await BrowserFixture.ScreenshotAsync(page, "06-poste-pause-apres-appel");
        await MissAsync(bea);
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("En pause"); // the chosen pause, not an autopause

        await page.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        for (var miss = 0; miss < 2; miss++)
        {
            server.Services.GetRequiredService<Dispatcher>().Wake();
            await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Sonnerie");
            await MissAsync(bea);
        }

        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("En pause automatique après 2 appels manqués");
        await BrowserFixture.ScreenshotAsync(page, "07-poste-pause-automatique");
        using (var supervisor = await SignedInClient.CreateAsync(server, "chef", DashboardServer.SupervisorPassword))
        {
            Assert.Contains("En pause automatique après 2 appels manqués", System.Net.WebUtility.HtmlDecode(await supervisor.GetStringAsync("/supervision")), StringComparison.Ordinal);
        }

        await server.Twilio().PostAsync("/voice/status", caller.Form(("CallStatus", "completed")));
        await AdminStatusAsync(bea, "offline");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The provider dials the worker for the call ringing for them (this test's caller, or one an earlier test of the
    /// shared server left waiting), and the worker's phone is not answered.
    /// </summary>
    private async Task MissAsync(int workerId)
    {
        // The provider dials only once the dispatcher has offered the call: right after a miss the call is back in the
        // queue and nothing rings for this worker until the dispatcher offers it again.
        string? sid = null;
        await using (var db = await fixture.Server.OpenDatabaseAsync())
        {
            await Helpline.Server.Testing.Eventually.WaitForAsync(async () =>
            {
                sid = await db.ExecuteScalarAsync<string?>(
                    "select w.current_call_sid from workers w join queue_entries q on q.call_sid = w.current_call_sid " +
                    "where w.id = @workerId and q.status = 'offered' and q.worker_id = @workerId", new { workerId });
                return sid is not null;
            });
        }

        var twilio = fixture.Server.Twilio();
        var dial = await twilio.TwimlAsync($"/voice/agent?w={workerId}", Helpline.Server.Testing.TwilioClient.Step(sid!));
        await twilio.TwimlAsync(twilio.Relative(Helpline.Server.Testing.TwilioClient.Action(dial, "Dial")!),
            Helpline.Server.Testing.TwilioClient.Step(sid!, ("DialCallStatus", "no-answer")));
    }

    private async Task AdminStatusAsync(int workerId, string status)
    {
        using var client = fixture.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Helpline.Server.Testing.HelplineApp.AdminToken);
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(client, $"/api/workers/{workerId}/status", new { status });
        Assert.True(response.IsSuccessStatusCode, $"status {status} for worker {workerId}: {(int)response.StatusCode}");
    }

    private async Task<int> WorkerIdAsync(string name)
    {
        await using var db = await fixture.Server.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<int>("select id from workers where name = @name", new { name });
    }
}
