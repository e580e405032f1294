using System.Globalization;
using Dapper;
using Helpline.Dashboard.Tests.Infrastructure;

namespace Helpline.Dashboard.Tests;

/// <summary>
/// The supervisors' figures against known rows, through the CSV export over HTTP: each expected value below is
/// worked out by hand from the rows and the definitions written on the page, at a fixed instant (fake clock).
/// </summary>
public sealed class StatisticsTests : IClassFixture<DashboardServer>, IAsyncLifetime
{
    private readonly DashboardServer _server;

    public StatisticsTests(DashboardServer server) => _server = server;

    public async Task InitializeAsync()
    {
        await using var db = await _server.OpenDatabaseAsync();
        await db.ExecuteAsync("delete from queue_entries; delete from call_events; delete from calls");
        // Friday 20 November 2026 in Paris is [2026-11-19T23:00Z, 2026-11-20T23:00Z).
        await CallAsync(db, "CA-before", "2026-11-19T22:59:59Z", "answered");              // Thursday 23:59:59 in Paris
        await CallAsync(db, "CA-midnight", "2026-11-19T23:00:00Z", "transferred:police");   // Friday 00:00:00 in Paris
        await CallAsync(db, "CA-housing", "2026-11-20T09:00:00Z", "transferred:hebergement-urgence");
        await CallAsync(db, "CA-child", "2026-11-20T09:10:00Z", "transferred:protection-enfance");
        await CallAsync(db, "CA-busy17", "2026-11-20T09:20:00Z", "transfer-busy:police");   // the 17 was busy: not a transfer
        await CallAsync(db, "CA-a1", "2026-11-20T10:00:00Z", "answered", "ne-peut-pas-parler");
        await CallAsync(db, "CA-a2", "2026-11-20T11:00:00Z", "answered");
        await CallAsync(db, "CA-ab", "2026-11-20T12:00:00Z", "abandoned-in-queue", "ne-peut-pas-parler", "rappel-apres-coupure");
        await CallAsync(db, "CA-ov", "2026-11-20T13:00:00Z", "transferred:violences-femmes-info");
        await CallAsync(db, "CA-wait", "2026-11-20T14:00:00Z", "queued");                   // still waiting: not finished
        await CallAsync(db, "CA-after", "2026-11-20T23:00:00Z", "answered");               // Saturday 00:00 in Paris
        await QueueAsync(db, "CA-a1", "2026-11-20T10:00:30Z", "answered", wait: 30, talkSeconds: 300);   // within 60 s
        await QueueAsync(db, "CA-a2", "2026-11-20T11:00:30Z", "answered", wait: 90, talkSeconds: 500);   // too late for the service level
        await QueueAsync(db, "CA-ab", "2026-11-20T12:00:30Z", "abandoned", wait: 45, talkSeconds: null);
        await QueueAsync(db, "CA-ov", "2026-11-20T13:00:30Z", "overflowed", wait: 600, talkSeconds: null);
        await QueueAsync(db, "CA-wait", "2026-11-20T14:00:30Z", "waiting", wait: null, talkSeconds: null);
        await QueueAsync(db, "CA-after", "2026-11-20T23:00:30Z", "answered", wait: 5, talkSeconds: 60);
        await QueueAsync(db, "CA-before", "2026-11-19T22:59:00Z", "answered", wait: 20, talkSeconds: 60);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Csv_counts_a_paris_day_from_midnight_to_midnight_with_the_page_s_definitions()
    {
        using var client = await SignedInClient.CreateAsync(_server, "chef", DashboardServer.SupervisorPassword);

        using var response = await client.GetAsync("/supervision/export.csv?du=2026-11-19&au=2026-11-21");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "date,appels_recus,pris,raccroches_en_attente,debordements,transferes_17,transferes_115,transferes_protection_enfance," +
            "pris_en_60s,sortis_de_l_attente,niveau_de_service,attente_moyenne_s,attente_max_s,entretien_moyen_s,raccroches_courts_moins_de_10s,taux_d_abandon," +
            "appels_bloques,code_saturation_tape,code_saturation_manque," +
            "etiquette_ne_peut_pas_parler,etiquette_rappel_apres_coupure,etiquette_appelant_signale," +
            "rappels_demandes,rappels_passes,rappels_joints,rappels_non_joints,rappels_expires,rappels_annules", lines[0]);
        // No call-back on these days: the six call-back columns are zero.
        // Thursday: one answered call (20 s wait, 60 s talk) at 23:59:59.
        Assert.Equal("2026-11-19,1,1,0,0,0,0,0,1,1,1.000,20.0,20,60.0,0,0.000,0,0,0,0,0,0,0,0,0,0,0,0", lines[1]);
        // Friday: 9 calls (midnight included); queue: answered 30 s and 90 s, abandoned 45 s, overflowed 600 s, one still
        // waiting; 17, 115, child protection once each (the busy 17 is not a transfer); service level 1 of 4 = 0.250;
        // average wait (30 + 90 + 45 + 600) / 4 = 191.25; longest 600; average talk (300 + 500) / 2 = 400; no short
        // abandon (the abandon waited 45 s); abandon rate 1 of 4 = 0.250; "cannot speak" on two calls, "recall" on one.
        Assert.Equal("2026-11-20,9,2,1,1,1,1,1,1,4,0.250,191.3,600,400.0,0,0.250,0,0,0,2,1,0,0,0,0,0,0,0", lines[2]);
        // Saturday: the call at midnight Paris.
        Assert.Equal("2026-11-21,1,1,0,0,0,0,0,1,1,1.000,5.0,5,60.0,0,0.000,0,0,0,0,0,0,0,0,0,0,0,0", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Theory]
    [InlineData("du=2026-11-21&au=2026-11-19")]
    [InlineData("du=2026-11-19")]
    [InlineData("du=19/11/2026&au=2026-11-21")]
    [InlineData("du=2025-01-01&au=2026-11-21")]
    [InlineData("du=2026-02-30&au=2026-03-01")]
    public async Task Csv_refuses_a_bad_range_with_a_clear_400(string query)
    {
        using var client = await SignedInClient.CreateAsync(_server, "chef", DashboardServer.SupervisorPassword);

        using var response = await client.GetAsync("/supervision/export.csv?" + query);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("date", (await response.Content.ReadAsStringAsync()).ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Supervisor_page_shows_today_s_counters_from_the_same_sql()
    {
        await using (var db = await _server.OpenDatabaseAsync())
        {
            var now = _server.Time.GetUtcNow();
            await CallAsync(db, "CA-today", now.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture), "transferred:police");
            await CallAsync(db, "CA-today-tagged", now.AddMinutes(-4).ToString("O", CultureInfo.InvariantCulture), "answered", "ne-peut-pas-parler");
        }

        using var client = await SignedInClient.CreateAsync(_server, "chef", DashboardServer.SupervisorPassword);

        var html = await client.GetStringAsync("/supervision");

        Assert.Contains("data-counter=\"offered\">2<", html, StringComparison.Ordinal);
        Assert.Contains("data-counter=\"tag:ne-peut-pas-parler\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-counter=\"tag:rappel-apres-coupure\">0<", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Ne peut pas parler</dt>", html, StringComparison.Ordinal);
        Assert.Contains("data-counter=\"police\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-counter=\"serviceLevel\">—<", html, StringComparison.Ordinal); // nobody queued today: nothing to divide
    }

    private static Task CallAsync(Npgsql.NpgsqlConnection db, string sid, string startedAt, string outcome, params string[] tags) => db.ExecuteAsync(
        "insert into calls (call_sid, flow_name, flow_hash, state, step, outcome, started_at, updated_at, tags) values (@sid, 'un-premier-pas', 'h', 'fin', 3, @outcome, @at, @at, @tags)",
        new { sid, outcome, at = DateTimeOffset.Parse(startedAt, CultureInfo.InvariantCulture).UtcDateTime, tags });

    private static Task QueueAsync(Npgsql.NpgsqlConnection db, string sid, string joinedAt, string status, int? wait, int? talkSeconds)
    {
        var joined = DateTimeOffset.Parse(joinedAt, CultureInfo.InvariantCulture);
        DateTimeOffset? answered = status == "answered" ? joined.AddSeconds(wait!.Value) : null;
        DateTimeOffset? ended = answered is { } a && talkSeconds is { } t ? a.AddSeconds(t) : status is "abandoned" or "overflowed" ? joined.AddSeconds(wait!.Value) : null;
        return db.ExecuteAsync(
            "insert into queue_entries (call_sid, queue_name, status, joined_at, priority_at, answered_at, ended_at, wait_seconds) values (@sid, 'ecoutantes', @status, @joined, @joined, @answered, @ended, @wait)",
            new { sid, status, joined = joined.UtcDateTime, answered = answered?.UtcDateTime, ended = ended?.UtcDateTime, wait });
    }
}
