using System.Net;
using Dapper;
using Helpline.Dashboard.Tests.Infrastructure;
using Helpline.Server.Testing;

namespace Helpline.Dashboard.Tests;

/// <summary>Sessions, forms and headers over plain HTTP: what a browser is told to protect, and what the server refuses.</summary>
public sealed class SessionSecurityTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task Session_cookie_is_http_only_same_site_strict_and_not_persistent()
    {
        var (client, response) = await SignedInClient.SignInAsync(server, "alice", DashboardServer.AlicePassword);
        using var _ = client;

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("helpline.session=", StringComparison.Ordinal)).ToLowerInvariant();

        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("expires=", cookie, StringComparison.Ordinal);
        Assert.Equal("/poste", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/connexion")]
    [InlineData("/healthz")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        using var client = server.CreateClient();

        using var response = await client.GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Pages_have_no_inline_script()
    {
        using var client = await SignedInClient.CreateAsync(server, "chef", DashboardServer.SupervisorPassword);

        var html = await client.GetStringAsync("/supervision");

        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(html, "<script"));
        Assert.Contains("<script src=\"/assets/dashboard.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var client = await SignedInClient.CreateAsync(server, "alice", DashboardServer.AlicePassword);
        await using var db = await server.OpenDatabaseAsync();
        var before = await db.ExecuteScalarAsync<string>("select status from workers where name = 'Alice'");

        using var response = await client.PostAsync("/poste/statut", new FormUrlEncodedContent(new Dictionary<string, string> { ["status"] = before == "pause" ? "offline" : "pause" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await db.ExecuteScalarAsync<string>("select status from workers where name = 'Alice'"));
    }

    [Fact]
    public async Task Deactivated_account_loses_its_open_session_at_the_next_request()
    {
        using var supervisor = await SignedInClient.CreateAsync(server, "chef", DashboardServer.SupervisorPassword);
        var token = await SignedInClient.TokenAsync(supervisor, "/supervision");
        await using var db = await server.OpenDatabaseAsync();
        var chloe = await db.ExecuteScalarAsync<int>("select id from workers where name = 'Chloe'");
        using (var create = await supervisor.PostAsync("/supervision/comptes", Form(token, ("login", "temp"), ("password", "temporary-pass-01"), ("role", "worker"), ("workerId", chloe.ToString(System.Globalization.CultureInfo.InvariantCulture)))))
        {
            Assert.Equal("/supervision?info=compte-ajoute", create.Headers.Location?.OriginalString);
        }

        using var worker = await SignedInClient.CreateAsync(server, "temp", "temporary-pass-01");
        using (var open = await worker.GetAsync("/poste"))
        {
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }

        var id = await db.ExecuteScalarAsync<int>("select id from accounts where login = 'temp'");
        using (var deactivate = await supervisor.PostAsync($"/supervision/comptes/{id}", Form(token, ("action", "deactivate"))))
        {
            Assert.Equal("/supervision?info=compte-modifie", deactivate.Headers.Location?.OriginalString);
        }

        using var after = await worker.GetAsync("/poste");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/connexion", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "+33612345678", "nom-invalide")]
    [InlineData("Dora", "0612345678", "telephone-invalide")]
    [InlineData("Dora", "+33 6 12 34 56 78", "telephone-invalide")]
    [InlineData("Alice", "+33612345678", "ecoutante-existe")]
    public async Task Adding_a_worker_with_bad_input_says_why_and_adds_nobody(string name, string phone, string notice)
    {
        using var supervisor = await SignedInClient.CreateAsync(server, "chef", DashboardServer.SupervisorPassword);
        var token = await SignedInClient.TokenAsync(supervisor, "/supervision");
        await using var db = await server.OpenDatabaseAsync();
        var before = await db.ExecuteScalarAsync<int>("select count(*) from workers");

        using var response = await supervisor.PostAsync("/supervision/ecoutantes", Form(token, ("name", name), ("phone", phone)));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var page = await supervisor.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Equal($"/supervision?info={notice}", response.Headers.Location.OriginalString);
        Assert.Contains(Helpline.Server.Dashboard.Pages.FrenchText.Notice(notice)!, System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Equal(before, await db.ExecuteScalarAsync<int>("select count(*) from workers"));
    }

    [Fact]
    public async Task Supervisor_adds_a_worker_changes_the_phone_and_deactivates_them()
    {
        using var supervisor = await SignedInClient.CreateAsync(server, "chef", DashboardServer.SupervisorPassword);
        var token = await SignedInClient.TokenAsync(supervisor, "/supervision");
        await using var db = await server.OpenDatabaseAsync();

        using (await supervisor.PostAsync("/supervision/ecoutantes", Form(token, ("name", "Émilie"), ("phone", "+33644444444"))))
        {
        }

        var id = await db.ExecuteScalarAsync<int>("select id from workers where name = 'Émilie'");
        using (await supervisor.PostAsync($"/supervision/ecoutantes/{id}", Form(token, ("action", "phone"), ("phone", "+33655555555"))))
        {
        }

        using (await supervisor.PostAsync($"/supervision/ecoutantes/{id}", Form(token, ("action", "deactivate"))))
        {
        }

        var (phone, active, status) = await db.QuerySingleAsync<(string, bool, string)>("select phone, active, status from workers where id = @id", new { id });
        Assert.Equal(("+33655555555", false, "offline"), (phone, active, status));
    }

    [Fact]
    public async Task Idle_session_expires_and_an_active_one_slides()
    {
        using var idle = await SignedInClient.CreateAsync(server, "bea", DashboardServer.BeaPassword);
        using var active = await SignedInClient.CreateAsync(server, "chloe", DashboardServer.ChloePassword);

        for (var hour = 0; hour < 9; hour++)
        {
            server.Time.Advance(TimeSpan.FromMinutes(60));
            using var keepAlive = await active.GetAsync("/poste"); // a page opened every hour keeps the session alive
            Assert.Equal(HttpStatusCode.OK, keepAlive.StatusCode);
        }

        using var expired = await idle.GetAsync("/poste"); // nine hours idle: more than the 480 minutes of a session

        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.StartsWith("/connexion", expired.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_events_and_the_csv_never_carry_a_caller_s_number()
    {
        var caller = new Caller(server.Twilio());
        using (var worker = await SignedInClient.CreateAsync(server, "bea", DashboardServer.BeaPassword))
        {
            var token = await SignedInClient.TokenAsync(worker, "/poste");
            using var pause = await worker.PostAsync("/poste/statut", Form(token, ("status", "pause"))); // logged in: the caller waits
        }

        await caller.CallAndChooseAsync("4");
        using var supervisor = await SignedInClient.CreateAsync(server, "chef", DashboardServer.SupervisorPassword);

        var snapshot = await FirstEventAsync(supervisor, "/supervision/flux");
        var today = Helpline.Server.Dashboard.Charts.ParisCalendar.DateOf(server.Time.GetUtcNow()).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var csv = await supervisor.GetStringAsync($"/supervision/export.csv?du={today}&au={today}");
        var page = await supervisor.GetStringAsync("/supervision");

        Assert.Contains("\"menu\":\"touche 4\"", snapshot, StringComparison.Ordinal);
        foreach (var text in new[] { snapshot, csv, page })
        {
            Assert.DoesNotContain(caller.From[3..], text, StringComparison.Ordinal); // the caller's number, in any form
            Assert.DoesNotContain(caller.Sid, text, StringComparison.Ordinal);
        }
    }

    private static async Task<string> FirstEventAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        throw new InvalidOperationException("the stream ended without an event");
    }

    [Fact]
    public async Task Session_signed_by_one_instance_is_accepted_by_another_over_the_same_database()
    {
        var cookies = new CookieContainer();
        var (first, signIn) = await SignedInClient.SignInAsync(server, "chloe", DashboardServer.ChloePassword, cookies);
        first.Dispose();
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var other = new DashboardServer { SharedConnectionString = server.ConnectionString };
        await other.InitializeAsync();
        try
        {
            using var client = other.CreateClient(cookies); // cookies belong to 127.0.0.1 whatever the port

            using var response = await client.GetAsync("/poste");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var db = await server.OpenDatabaseAsync();
            Assert.True(await db.ExecuteScalarAsync<int>("select count(*) from data_protection_keys") >= 1, "the key ring is kept in PostgreSQL, not in a home folder");
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("court", "mot-de-passe-invalide")]
    [InlineData("un-nouveau-mot-de-passe", "mot-de-passe-change")]
    public async Task Supervisor_sets_a_new_password_of_ten_characters_or_more(string password, string notice)
    {
        await using (var create = await server.OpenDatabaseAsync())
        {
            await create.ExecuteAsync("delete from accounts where login = 'reset'");
        }

        using var supervisor = await SignedInClient.CreateAsync(server, "chef", DashboardServer.SupervisorPassword);
        var token = await SignedInClient.TokenAsync(supervisor, "/supervision");
        using (await supervisor.PostAsync("/supervision/comptes", Form(token, ("login", "reset"), ("password", "l-ancien-mot-de-passe"), ("role", "supervisor"))))
        {
        }

        await using var db = await server.OpenDatabaseAsync();
        var id = await db.ExecuteScalarAsync<int>("select id from accounts where login = 'reset'");

        using var response = await supervisor.PostAsync($"/supervision/comptes/{id}", Form(token, ("action", "password"), ("password", password)));

        Assert.Equal($"/supervision?info={notice}", response.Headers.Location?.OriginalString);
        var (withNew, newResponse) = await SignedInClient.SignInAsync(server, "reset", password);
        var (withOld, oldResponse) = await SignedInClient.SignInAsync(server, "reset", "l-ancien-mot-de-passe");
        withNew.Dispose();
        withOld.Dispose();
        var changed = notice == "mot-de-passe-change";
        Assert.Equal(changed ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized, newResponse.StatusCode);
        Assert.Equal(changed ? HttpStatusCode.Unauthorized : HttpStatusCode.Redirect, oldResponse.StatusCode);
    }

    [Fact]
    public async Task Admin_token_still_opens_the_api_and_a_wrong_token_is_401()
    {
        using var admin = server.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
        using var wrong = server.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-the-token-0123456789");

        using var ok = await admin.GetAsync("/api/queue");
        using var refused = await wrong.GetAsync("/api/queue");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Sign_in_from_one_address_is_rate_limited_with_a_french_429()
    {
        var limited = new DashboardServer();
        limited.Settings["Helpline:Dashboard:SignInPerMinute"] = "3";
        await limited.InitializeAsync();
        var statuses = new List<HttpStatusCode>();
        var refusal = string.Empty;
        try
        {
            for (var attempt = 0; attempt < 4; attempt++)
            {
                var (client, response) = await SignedInClient.SignInAsync(limited, "login-" + attempt, "wrong-password-01");
                statuses.Add(response.StatusCode);
                refusal = await response.Content.ReadAsStringAsync();
                client.Dispose();
            }
        }
        finally
        {
            await limited.DisposeAsync();
        }

        Assert.Contains("Trop de tentatives de connexion depuis cet appareil", refusal, StringComparison.Ordinal);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token)));
}
