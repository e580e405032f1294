using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Dapper;
using Helpline.Dashboard.Tests.Infrastructure;
using Helpline.Server.Agents;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpline.Dashboard.Tests;

/// <summary>
/// Call-backs on the pages (issue 13), in headless chromium against the real server and PostgreSQL: a worker records a
/// call-back agreed on the phone at wrap-up; a supervisor sees the pending ones without any number, cancels one, and
/// finds it in the day's figures and the CSV. Numbers are never on a page.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class CallbackPagesTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Worker_records_a_call_back_agreed_at_wrap_up_with_the_callers_consent_and_never_sees_the_number_again()
    {
        var server = fixture.Server;
        foreach (var other in new[] { "Bea", "Chloe" })
        {
            await AdminStatusAsync(await WorkerIdAsync(other), "offline"); // the call can only be Alice's
        }

        var alice = await WorkerIdAsync("Alice");
        var page = await fixture.NewPageAsync(phone: true);
        await BrowserFixture.SignInAsync(page, "alice", DashboardServer.AlicePassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Disponible");
        await Expect(page.Locator("[data-show=pending-callback]")).ToBeHiddenAsync(); // no call to follow up yet
        var caller = new Caller(server.Twilio());
        await caller.CallAndChooseAsync("4");
        server.Services.GetRequiredService<Dispatcher>().Wake();
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Sonnerie");
        var dialAction = await caller.WorkerAnswersAsync(alice);
        await caller.ConversationEndsAsync(dialAction, 240);
        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Après-appel");
        await Expect(page.Locator("[data-show=pending-callback]")).ToBeVisibleAsync();

        // A number that cannot be called is refused with its reason, and the number is not echoed back.
        await page.GetByLabel("Numéro à rappeler, confirmé avec elle").FillAsync("08 99 12 34 56");
        await page.GetByLabel("demain matin, entre 9 heures et midi").CheckAsync();
        await page.GetByLabel("La personne a donné son accord").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le rappel" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("les numéros en 08");
        Assert.DoesNotContain("99 12 34 56", await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByLabel("Numéro à rappeler, confirmé avec elle").FillAsync("06 98 76 54 32");
        await page.GetByLabel("demain matin, entre 9 heures et midi").CheckAsync();
        await page.GetByLabel("La personne a donné son accord").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le rappel" }).ClickAsync();

        await Expect(page.Locator(".notice")).ToContainTextAsync("enregistré. Le numéro est chiffré et ne sera plus affiché.");
        await BrowserFixture.ScreenshotAsync(page, "20-poste-rappel-convenu");
        var html = await page.ContentAsync();
        foreach (var form in new[] { "98 76 54 32", "0698765432", "698765432" })
        {
            Assert.DoesNotContain(form, html, StringComparison.Ordinal);
        }

        await using var db = await server.OpenDatabaseAsync();
        var request = await db.QuerySingleAsync<(int Id, string Source, int WorkerId, string Status, bool Message, string CallerId, string Window, string Number, string Summary, string? CallerHash, string? MenuChoice)>(
            "select id, source, worker_id, status, message_allowed, caller_id, window_name, number_protected, summary, caller_hash, menu_choice from callback_requests where call_sid = @sid",
            new { sid = caller.Sid });
        Assert.Equal(("worker", alice, "pending", false, "helpline", "demain-matin"), (request.Source, request.WorkerId, request.Status, request.Message, request.CallerId, request.Window));
        Assert.DoesNotContain("698765432", request.Number, StringComparison.Ordinal); // encrypted
        Assert.Contains("[numéro confirmé]", request.Summary, StringComparison.Ordinal);
        Assert.Equal(await db.ExecuteScalarAsync<string>("select caller_hash from calls where call_sid = @sid", new { sid = caller.Sid }), request.CallerHash); // she may cancel by calling again
        Assert.Equal("4", request.MenuChoice);
        Assert.Equal("scheduled", await db.ExecuteScalarAsync<string>("select status from queue_entries where callback_id = @id", new { id = request.Id })); // tomorrow morning

        // The orientation still ends the wrap-up, and the call-back form goes with it.
        await page.GetByLabel("Hébergement").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et terminer l'après-appel" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Orientation enregistrée");
        await Expect(page.Locator("[data-show=pending-callback]")).ToBeHiddenAsync();
        await CancelAsync(request.Id); // leaves the shared server without a pending request
        await AdminStatusAsync(alice, "offline");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Worker_cannot_record_a_call_back_for_a_call_that_is_not_hers()
    {
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "chloe", DashboardServer.ChloePassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/poste$"));
        await Expect(page.Locator("[data-show=pending-callback]")).ToBeHiddenAsync();

        // The hidden form, filled in and sent by hand for a call she never had.
        await page.EvaluateAsync("""
            () => {
                const form = document.querySelector('form[action="/poste/rappel"]');
                form.querySelector('[data-field=pending-callback-sid]').value = 'CAnot-hers';
                form.querySelector('input[name=number]').value = '0612345678';
                form.querySelector('input[name=window]').checked = true;
                form.querySelector('input[name=consent]').checked = true;
                form.submit();
            }
            """);

        await Expect(page.Locator(".notice")).ToContainTextAsync("cet appel n'est pas le vôtre");
        await using var db = await fixture.Server.OpenDatabaseAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("select count(*) from callback_requests where call_sid = 'CAnot-hers'"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Supervisor_sees_pending_call_backs_without_numbers_cancels_one_and_the_figures_and_csv_count_it()
    {
        var server = fixture.Server;
        foreach (var other in new[] { "Alice", "Chloe" })
        {
            await AdminStatusAsync(await WorkerIdAsync(other), "offline");
        }

        var (bea, first, firstConversation) = await BeaOnACallAsync();
        var caller = new Caller(server.Twilio());
        var id = await RequestCallbackOnTheKeypadAsync(caller, window: "3");
        var page = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "chef", DashboardServer.SupervisorPassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/supervision$"));

        var row = page.Locator($"[data-callback=\"{id}\"]");
        await Expect(row).ToContainTextAsync($"rappel n° {id}");
        await Expect(row).ToContainTextAsync("mer. 25/11, 09 h 00 – 12 h 00");
        await Expect(row).ToContainTextAsync("touche 4");
        await Expect(row).ToContainTextAsync("par la personne, en attente");
        await Expect(row).ToContainTextAsync("programmé");
        await Expect(page.GetByText("Demandes de rappel enregistrées aujourd'hui")).ToBeVisibleAsync(); // the definition beside the figure
        await BrowserFixture.ScreenshotAsync(page, "21-supervision-rappels");
        Assert.DoesNotContain(caller.From[4..], await page.ContentAsync(), StringComparison.Ordinal); // her number, in any form
        var requested = await CounterAsync(page, "requested");
        var cancelled = await CounterAsync(page, "cancelled");

        // A worker may not cancel it.
        var worker = await fixture.NewPageAsync();
        await BrowserFixture.SignInAsync(worker, "chloe", DashboardServer.ChloePassword);
        var refused = await worker.APIRequest.PostAsync($"/supervision/rappels/{id}/annuler");
        Assert.Equal((int)HttpStatusCode.Forbidden, refused.Status);
        await worker.Context.CloseAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = $"Annuler le rappel n° {id}" }).ClickAsync();

        await Expect(page.Locator(".notice")).ToContainTextAsync("Rappel annulé ; son numéro est effacé.");
        await Expect(row).ToHaveCountAsync(0);
        Assert.Equal(cancelled + 1, await CounterAsync(page, "cancelled"));
        Assert.Equal(requested, await CounterAsync(page, "requested"));
        await using (var db = await server.OpenDatabaseAsync())
        {
            var (status, number, detail) = await db.QuerySingleAsync<(string, string?, string)>("select status, number_protected, end_detail from callback_requests where id = @id", new { id });
            Assert.Equal(("cancelled", null, "supervisor:chef"), (status, number, detail));
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Télécharger" }).ClickAsync());
        var csv = await File.ReadAllLinesAsync(await download.PathAsync());
        var header = csv[0].Split(',');
        var today = csv[^1].Split(',');
        Assert.EndsWith("rappels_demandes,rappels_passes,rappels_joints,rappels_non_joints,rappels_expires,rappels_annules", csv[0], StringComparison.Ordinal);
        Assert.Equal(requested.ToString(CultureInfo.InvariantCulture), today[Array.IndexOf(header, "rappels_demandes")]);
        Assert.Equal((cancelled + 1).ToString(CultureInfo.InvariantCulture), today[Array.IndexOf(header, "rappels_annules")]);

        await first.ConversationEndsAsync(firstConversation, 120);
        await AdminStatusAsync(bea, "offline");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Bea takes a caller and stays on the call: someone can come, so the next caller waits (and is offered a call-back)
    /// rather than overflowing, and nobody is free to be offered her.
    /// </summary>
    private async Task<(int Bea, Caller First, string Conversation)> BeaOnACallAsync()
    {
        var server = fixture.Server;
        var bea = await WorkerIdAsync("Bea");
        await AdminStatusAsync(bea, "available");
        var first = new Caller(server.Twilio());
        await first.CallAndChooseAsync("4");
        server.Services.GetRequiredService<Dispatcher>().Wake();
        await Eventually.WaitForAsync(async () =>
        {
            await using var db = await server.OpenDatabaseAsync();
            return await db.ExecuteScalarAsync<string>("select current_call_sid from workers where id = @bea and status = 'ringing'", new { bea }) == first.Sid;
        });
        return (bea, first, await first.WorkerAnswersAsync(bea));
    }

    [Fact]
    public async Task Worker_whose_phone_rings_for_a_call_back_sees_its_number_and_window_never_the_callers_number()
    {
        var server = fixture.Server;
        foreach (var other in new[] { "Alice", "Chloe" })
        {
            await AdminStatusAsync(await WorkerIdAsync(other), "offline");
        }

        var (bea, first, firstConversation) = await BeaOnACallAsync();
        var caller = new Caller(server.Twilio());
        var id = await RequestCallbackOnTheKeypadAsync(caller, window: "1"); // as soon as possible: due now
        var page = await fixture.NewPageAsync(phone: true);
        await BrowserFixture.SignInAsync(page, "chloe", DashboardServer.ChloePassword);

        await page.GetByRole(AriaRole.Button, new() { Name = "Disponible" }).ClickAsync();
        server.Services.GetRequiredService<Dispatcher>().Wake();

        await Expect(page.Locator("[data-field=me-label]")).ToHaveTextAsync("Sonnerie"); // agent-first: her phone is called
        await Expect(page.Locator("[data-field=call-menu]")).ToHaveTextAsync("touche 4");
        await Expect(page.Locator("[data-field=call-tags]")).ToContainTextAsync($"Rappel n° {id}, fenêtre ");
        await BrowserFixture.ScreenshotAsync(page, "22-poste-rappel-sonnerie");
        Assert.DoesNotContain(caller.From[4..], await page.ContentAsync(), StringComparison.Ordinal);

        await CancelAsync(id); // frees Chloe's phone: the call-back is not made in this test
        await Expect(page.Locator("[data-field=me-label]")).Not.ToHaveTextAsync("Sonnerie");
        await first.ConversationEndsAsync(firstConversation, 120);
        await AdminStatusAsync(bea, "offline");
        await AdminStatusAsync(await WorkerIdAsync("Chloe"), "offline");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The caller waits a minute (key 4), hears the offer, presses 1, confirms the number she calls from, chooses
    /// <paramref name="window"/>, no message, and confirms: returns the request's number.
    /// </summary>
    private async Task<int> RequestCallbackOnTheKeypadAsync(Caller caller, string window)
    {
        var twilio = fixture.Server.Twilio();
        var queued = await caller.CallAndChooseAsync("4");
        var waitUrl = queued.Descendants("Enqueue").Single().Attribute("waitUrl")!.Value;
        var twiml = await twilio.TwimlAsync(twilio.Relative(waitUrl), caller.Form(("QueueTime", "60")));
        foreach (var key in new[] { "1", "1", window, "2", "1" })
        {
            Assert.True(TwilioClient.Action(twiml, "Gather") is not null, $"no question before key {key}: {twiml}");
            twiml = await PressAsync(twilio, twiml, caller, key);
        }

        var done = TwilioClient.Heard(twiml);
        Assert.Contains("est enregistrée", done, StringComparison.Ordinal);
        await using var db = await fixture.Server.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<int>("select id from callback_requests where call_sid = @sid", new { sid = caller.Sid });
    }

    private static Task<XDocument> PressAsync(TwilioClient twilio, XDocument twiml, Caller caller, string key) =>
        twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(twiml, "Gather")!), caller.Form(("Digits", key)));

    private static async Task<int> CounterAsync(IPage page, string key) =>
        int.Parse(await page.Locator($"[data-callback-counter={key}]").TextContentAsync() ?? string.Empty, CultureInfo.InvariantCulture);

    /// <summary>Ends a request as the supervisor's button does (the same statement), so the shared server keeps no pending request.</summary>
    private Task CancelAsync(int id) =>
        fixture.Server.Services.GetRequiredService<Helpline.Data.Callbacks.CallbackStore>().CancelAsync(id, "test clean-up", fixture.Server.Time.GetUtcNow(), CancellationToken.None);

    private async Task AdminStatusAsync(int workerId, string status)
    {
        using var client = fixture.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(client, $"/api/workers/{workerId}/status", new { status });
        Assert.True(response.IsSuccessStatusCode, $"status {status} for worker {workerId}: {(int)response.StatusCode}");
    }

    private async Task<int> WorkerIdAsync(string name)
    {
        await using var db = await fixture.Server.OpenDatabaseAsync();
        return await db.ExecuteScalarAsync<int>("select id from workers where name = @name", new { name });
    }
}
