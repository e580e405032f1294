using Deque.AxeCore.Commons;
using Dapper;
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
[Collection(OwnServerTests.Name)]
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
            using var raised = new RaisedAlerts(server);
            var page = await SupervisorAsync(browser);
            await Expect(page.Locator("[data-show=no-alert]")).ToBeVisibleAsync();

            await Alerting.AdvanceUntilAsync(async () => (await Alerting.RowsAsync(server, "nobody-logged-in")).Count > 0, server);
            await Eventually.WaitForAsync(() => Task.FromResult(raised["nobody-logged-in"] == 1)); // helpline.alerts.raised counts the start (just after its row)

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
            Assert.Equal(1, raised["nobody-logged-in"]); // an end is not counted
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

    [Fact]
    public async Task Abandon_rate_banner_appears_when_too_many_callers_hang_up_while_waiting_and_clears_an_hour_later()
    {
        var browser = new BrowserFixture { Server = Alerting.Server(HelplineApp.TuesdayMorning, ("Helpline:Alerts:AbandonMinimumCallers", "2")) };
        await browser.InitializeAsync();
        try
        {
            var server = browser.Server;
            await Alerting.StatusAsync(server, "Alice", "pause"); // at her post, and nobody takes the callers
            var page = await SupervisorAsync(browser);
            var twilio = server.Twilio();
            foreach (var caller in new[] { new Caller(twilio), new Caller(twilio) })
            {
                var enqueue = (await caller.CallAndChooseAsync("4")).Descendants("Enqueue").Single();
                await twilio.TwimlAsync(twilio.Relative(enqueue.Attribute("action")!.Value), caller.Form(("QueueResult", "hangup"), ("QueueTime", "20")));
            }

            await Alerting.AdvanceUntilAsync(async () => (await Alerting.RowsAsync(server, "abandon-rate")).Count > 0, server);

            var row = (await Alerting.RowsAsync(server, "abandon-rate")).Single();
            Assert.Contains("\"count\": 2", row.Measure, StringComparison.Ordinal);
            Assert.Contains("\"total\": 2", row.Measure, StringComparison.Ordinal);
            var banner = page.Locator("[data-kind=abandon-rate]");
            await Expect(banner).ToContainTextAsync("2 personnes sur 2 sorties de l'attente dans la dernière heure ont raccroché avant d'être prises (100 %)");
            await Expect(banner).ToContainTextAsync("plus de 30 % des personnes sorties de l'attente ont raccroché avant d'être prises (jugé à partir de 2 personnes");

            server.Time.Advance(TimeSpan.FromHours(1)); // their hang-ups leave the last hour
            await Alerting.AdvanceUntilAsync(async () => (await Alerting.RowsAsync(server, "abandon-rate")).Single().EndedAt is not null, server);

            await Expect(banner).ToHaveCountAsync(0);
            Assert.Single(await Alerting.RowsAsync(server, "abandon-rate"));
            await page.Context.CloseAsync();
        }
        finally
        {
            await browser.DisposeAsync();
        }
    }

    /// <summary>
    /// The burst alert reads the rate limit's own threshold (<c>Helpline:Callers:MaxCallsPerHour</c>), and its e-mails go
    /// through a real SMTP conversation with a stand-in on 127.0.0.1: neither the banner nor the e-mails hold the
    /// caller's number (in any of its forms), her keyed hash or a CallSid.
    /// </summary>
    [Fact]
    public async Task Burst_banner_and_its_emails_say_how_many_calls_never_from_whom()
    {
        using var smtp = netDumbster.smtp.SimpleSmtpServer.Start(Helpline.Testing.FreeTcpPort.Find());
        var browser = new BrowserFixture
        {
            Server = Alerting.Server(
                HelplineApp.TuesdayMorning,
                ("Helpline:Callers:MaxCallsPerHour", "2"),
                ("Helpline:Alerts:Smtp:Host", "127.0.0.1"),
                ("Helpline:Alerts:Smtp:Port", smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("Helpline:Alerts:Smtp:Security", "none"),
                ("Helpline:Alerts:Smtp:From", "ligne-ecoute@departement.test"),
                ("Helpline:Alerts:Smtp:To:0", "encadrement@departement.test")),
        };
        await browser.InitializeAsync();
        try
        {
            var server = browser.Server;
            await Alerting.StatusAsync(server, "Alice", "pause");
            var page = await SupervisorAsync(browser);
            var twilio = server.Twilio();
            const string from = "+33698765432";
            var sids = Enumerable.Range(0, 3).Select(_ => TwilioClient.NewCallSid()).ToList();
            foreach (var sid in sids)
            {
                await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, from));
            }

            await Alerting.AdvanceUntilAsync(async () => (await Alerting.RowsAsync(server, "caller-burst")).Count > 0, server);

            var row = (await Alerting.RowsAsync(server, "caller-burst")).Single();
            Assert.Equal("{\"count\": 3}", row.Measure);
            var banner = page.Locator("[data-kind=caller-burst]");
            await Expect(banner).ToContainTextAsync("Un même appelant a appelé 3 fois en une heure.");
            await Expect(banner).ToContainTextAsync("Un même appelant a appelé plus de 2 fois dans la dernière heure");
            await BrowserFixture.ScreenshotAsync(page, "42-alerte-appels-repetes");
            var shown = await page.ContentAsync();
            await Eventually.WaitForAsync(() => Task.FromResult(smtp.ReceivedEmailCount >= 1));

            server.Time.Advance(TimeSpan.FromHours(1));
            await Alerting.AdvanceUntilAsync(async () => (await Alerting.RowsAsync(server, "caller-burst")).Single().EndedAt is not null, server);
            await Expect(banner).ToHaveCountAsync(0);
            await Eventually.WaitForAsync(() => Task.FromResult(smtp.ReceivedEmailCount >= 2));

            // The stand-in keeps what it received in no particular order: the start's e-mail first, then the end's.
            var received = smtp.ReceivedEmail.Select(m => (Raw: m.Data, Mail: MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))))
                .OrderBy(m => m.Mail.Subject?.Contains("Fin d'alerte", StringComparison.Ordinal) == true ? 1 : 0).ToList();
            var mails = received.Select(m => m.Mail).ToList();
            Assert.Equal(2, mails.Count);
            Assert.Equal("[Ligne d'écoute] Alerte : Appels répétés d'un même appelant", mails[0].Subject);
            Assert.Equal("[Ligne d'écoute] Fin d'alerte : Appels répétés d'un même appelant", mails[1].Subject);
            Assert.All(mails, m => Assert.Equal("encadrement@departement.test", m.To.Mailboxes.Single().Address));
            Assert.Contains("Alerte « Appels répétés d'un même appelant » depuis le 24/11/2026 à 10:0", mails[0].TextBody, StringComparison.Ordinal);
            Assert.Contains("Un même appelant a appelé plus de 2 fois dans la dernière heure", mails[0].TextBody, StringComparison.Ordinal);
            Assert.Contains("https://helpline.test/supervision", mails[0].TextBody, StringComparison.Ordinal);
            Assert.Contains("Fin de l'alerte « Appels répétés d'un même appelant »", mails[1].TextBody, StringComparison.Ordinal);
            await using var db = await server.OpenDatabaseAsync();
            var hash = await db.ExecuteScalarAsync<string>("select distinct caller_hash from calls where call_sid = any(@sids)", new { sids = sids.ToArray() });
            Assert.False(string.IsNullOrEmpty(hash));
            var secrets = new[] { from, from[1..], "0698765432", "06 98 76 54 32", "98765432", hash! }.Concat(sids).ToList();
            var mailTexts = received.Select(m => m.Raw + "\n" + m.Mail.Subject + "\n" + m.Mail.TextBody).ToList();
            foreach (var text in mailTexts.Append(shown))
            {
                Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
            }

            Assert.All(mailTexts, text => Assert.DoesNotContain("3 fois", text, StringComparison.Ordinal)); // an e-mail carries nothing measured
            await page.Context.CloseAsync();
        }
        finally
        {
            await browser.DisposeAsync();
        }
    }

    /// <summary>
    /// PostgreSQL of the test's own, stopped under a running instance: the page keeps getting its banners (read from
    /// memory), the caller who calls meanwhile is answered and her steps journaled (a second banner), and once the
    /// database is back and the journal written, both banners clear and both alerts are recorded with their real
    /// times — the database's, written after it came back.
    /// </summary>
    [Fact]
    public async Task Database_unreachable_and_journal_banners_come_while_postgresql_is_stopped_and_are_recorded_when_it_returns()
    {
        var postgres = await Helpline.Testing.PostgresServer.StartAsync();
        var journal = Directory.CreateTempSubdirectory("helpline-alerts-journal-").FullName;
        var browser = new BrowserFixture
        {
            Server = new DashboardServer { SharedConnectionString = await postgres.CreateDatabaseAsync("alerts") },
        };
        browser.Server.Settings["Helpline:Journal:Folder"] = journal;
        browser.Server.Settings["Helpline:Alerts:InstanceName"] = "ecoute-1";
        await browser.InitializeAsync();
        try
        {
            var server = browser.Server;
            await Alerting.StatusAsync(server, "Alice", "pause");
            var page = await SupervisorAsync(browser);
            await Expect(page.Locator("[data-show=no-alert]")).ToBeVisibleAsync();

            await postgres.StopAsync();
            var stoppedAt = server.Time.GetUtcNow();
            var unreachable = page.Locator("[data-kind=database-unreachable]");
            await Alerting.AdvanceUntilAsync(async () => await unreachable.CountAsync() > 0, server);
            await Expect(unreachable).ToContainTextAsync("L'instance ecoute-1 ne joint plus la base de données.");
            await Expect(unreachable).ToContainTextAsync("Les appels restent pris en charge et sont gardés dans son journal");

            var twilio = server.Twilio();
            var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(TwilioClient.NewCallSid(), "+33611223344"));
            Assert.NotEmpty(menu.Descendants("Gather")); // answered all the same
            var journaled = page.Locator("[data-kind=journal-not-empty]");
            await Alerting.AdvanceUntilAsync(async () => await journaled.CountAsync() > 0, server);
            await Expect(journaled).ToContainTextAsync("L'instance ecoute-1 a des étapes d'appels en attente d'écriture dans la base de données.");
            await BrowserFixture.ScreenshotAsync(page, "43-alerte-base-injoignable");
            var restartedAt = server.Time.GetUtcNow();

            await postgres.RestartAsync();
            await using (var stale = new Npgsql.NpgsqlConnection(server.ConnectionString))
            {
                Npgsql.NpgsqlConnection.ClearPool(stale); // the test's own pooled connections died with the server
            }

            await Alerting.AdvanceUntilAsync(async () => await unreachable.CountAsync() == 0 && await journaled.CountAsync() == 0, server);
            await Alerting.AdvanceUntilAsync(async () => (await Alerting.RowsAsync(server, "journal-not-empty")).Any(r => r.EndedAt is not null), server);

            var down = (await Alerting.RowsAsync(server, "database-unreachable")).Single();
            Assert.Equal("ecoute-1", down.Scope);
            Assert.NotNull(down.EndedAt);
            Assert.InRange(down.StartedAt, stoppedAt.UtcDateTime, restartedAt.UtcDateTime); // its real start, written afterwards
            Assert.True(down.EndedAt >= restartedAt.UtcDateTime, $"ended at {down.EndedAt:o}");
            var kept = (await Alerting.RowsAsync(server, "journal-not-empty")).Single();
            Assert.Equal("ecoute-1", kept.Scope);
            Assert.True(kept.StartedAt >= down.StartedAt, $"the journal's alert started at {kept.StartedAt:o}");
            await Expect(page.Locator("[data-show=no-alert]")).ToBeVisibleAsync();
            await page.Context.CloseAsync();
        }
        finally
        {
            await browser.DisposeAsync();
            await postgres.DisposeAsync();
            Directory.Delete(journal, recursive: true);
        }
    }

    [Fact]
    public async Task Refused_flow_change_banner_appears_and_clears_when_the_file_is_corrected()
    {
        var folder = CopyDefaultFlow();
        var flowFile = Path.Combine(folder, "un-premier-pas.yaml");
        var browser = new BrowserFixture { Server = Alerting.Server(HelplineApp.TuesdayMorning, ("Helpline:FlowPath", flowFile)) };
        await browser.InitializeAsync();
        try
        {
            var server = browser.Server;
            await Alerting.StatusAsync(server, "Alice", "pause");
            var page = await SupervisorAsync(browser);
            var good = await File.ReadAllTextAsync(flowFile);

            await File.WriteAllTextAsync(flowFile, good.Replace("    open: accueil\n", "    open: acceuil\n", StringComparison.Ordinal));
            await Alerting.AdvanceUntilAsync(async () => (await Alerting.RowsAsync(server, "flow-reload-refused")).Count > 0, server);

            var banner = page.Locator("[data-kind=flow-reload-refused]");
            await Expect(banner).ToContainTextAsync("a refusé la dernière modification du parcours d'appel.");
            await Expect(banner).ToContainTextAsync("la version précédente continue de servir");
            await BrowserFixture.ScreenshotAsync(page, "44-alerte-parcours-refuse");

            await File.WriteAllTextAsync(flowFile, good);
            await Alerting.AdvanceUntilAsync(async () => (await Alerting.RowsAsync(server, "flow-reload-refused")).Single().EndedAt is not null, server);

            await Expect(banner).ToHaveCountAsync(0);
            await page.Context.CloseAsync();
        }
        finally
        {
            await browser.DisposeAsync();
            Directory.Delete(folder, recursive: true);
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

    /// <summary>The default flow and its recordings in a folder of the test's own, which the test may edit.</summary>
    private static string CopyDefaultFlow()
    {
        var folder = Directory.CreateTempSubdirectory("helpline-alerts-flow-").FullName;
        var source = Path.Combine(HelplineApp.RepoRoot, "callflows");
        File.Copy(Path.Combine(source, "un-premier-pas.yaml"), Path.Combine(folder, "un-premier-pas.yaml"));
        Directory.CreateDirectory(Path.Combine(folder, "prompts"));
        foreach (var prompt in Directory.GetFiles(Path.Combine(source, "prompts")))
        {
            File.Copy(prompt, Path.Combine(folder, "prompts", Path.GetFileName(prompt)));
        }

        return folder;
    }
}
