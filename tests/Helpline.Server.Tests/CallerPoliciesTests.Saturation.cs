using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// Issue 14, saturation mode: switched on by a supervisor for a set time, every new caller types the spoken code before
/// the queue — never before the emergency keys, never a caller who was cut off recently — until it ends by itself; it
/// survives a restart; the page and the API count who passed and who failed.
/// </summary>
public sealed partial class CallerPoliciesTests
{
    [Fact]
    public async Task In_saturation_mode_a_new_caller_types_the_code_before_the_queue_and_is_counted()
    {
        await SaturateAsync(TimeSpan.FromHours(2));

        var (_, police) = await ChooseAsync("+33656000001", "1");
        Assert.Equal("17", police.Descendants("Dial").Single().Value.Trim());
        var (_, child) = await ChooseAsync("+33656000002", "3");
        Assert.Single(child.Descendants("Dial"));
        var (passer, challenge) = await ChooseAsync("+33656000003", "4");
        var queued = await AnswerAsync(challenge, passer, SpokenCode(challenge));
        var (failer, twiml) = await ChooseAsync("+33656000004", "4");
        for (var i = 0; i < 3; i++)
        {
            twiml = await AnswerAsync(twiml, failer, Wrong(SpokenCode(twiml)));
        }

        Assert.Single(queued.Descendants("Enqueue"));
        Assert.Equal("Hangup", twiml.Root!.Elements().Last().Name.LocalName);
        using var admin = Admin();
        var state = await admin.GetFromJsonAsync<JsonElement>("/api/saturation");
        Assert.True(state.GetProperty("active").GetBoolean());
        Assert.Equal((1, 1), (state.GetProperty("passed").GetInt32(), state.GetProperty("failed").GetInt32()));
        Assert.Equal("api", state.GetProperty("setBy").GetString());
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(["saturation-on"], await db.QueryAsync<string>("select kind from service_events where kind like 'saturation%'"));
    }

    [Fact]
    public async Task In_saturation_mode_a_caller_cut_off_while_waiting_who_calls_back_is_not_challenged()
    {
        const string victim = "+33656000010";
        var (first, _) = await ChooseAsync(victim, "4");
        (await _app.Twilio().PostAsync("/voice/status", TwilioClient.Step(first, ("CallStatus", "completed"), ("CallDuration", "90")))).Dispose();
        await SaturateAsync(TimeSpan.FromHours(1));
        _app.Time.Advance(TimeSpan.FromMinutes(2));

        var (again, queued) = await ChooseAsync(victim, "4");

        Assert.Single(queued.Descendants("Enqueue"));
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(("rappel-apres-coupure", null), await db.QuerySingleAsync<(string, string?)>(
            "select array_to_string(tags, ','), challenge from calls where call_sid = @again", new { again }));
    }

    [Fact]
    public async Task Saturation_mode_survives_a_restart_and_ends_by_itself()
    {
        await SaturateAsync(TimeSpan.FromMinutes(30));

        await _app.StartAsync(); // a new process on the same database
        var (sid, during) = await ChooseAsync("+33656000020", "4");
        Assert.Empty(during.Descendants("Enqueue"));
        Assert.Contains("/voice/challenge", TwilioClient.Action(during, "Gather"), StringComparison.Ordinal);
        (await _app.Twilio().PostAsync("/voice/status", TwilioClient.Step(sid, ("CallStatus", "completed"), ("CallDuration", "20")))).Dispose();

        _app.Time.Advance(TimeSpan.FromMinutes(30));
        var (_, after) = await ChooseAsync("+33656000021", "4");
        Assert.Single(after.Descendants("Enqueue"));
        using var admin = Admin();
        Assert.False((await admin.GetFromJsonAsync<JsonElement>("/api/saturation")).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Switching_saturation_mode_off_lets_the_next_caller_through_and_is_logged()
    {
        await SaturateAsync(TimeSpan.FromHours(1));
        using var admin = Admin();

        using (var off = await admin.DeleteAsync("/api/saturation"))
        {
            Assert.Equal(HttpStatusCode.NoContent, off.StatusCode);
        }

        using (var again = await admin.DeleteAsync("/api/saturation"))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        var (_, queued) = await ChooseAsync("+33656000030", "4");
        Assert.Single(queued.Descendants("Enqueue"));
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(["saturation-on", "saturation-off"], await db.QueryAsync<string>("select kind from service_events where kind like 'saturation%' order by id"));
    }

    /// <summary>Inputs tried: a past instant, one past the 7-day limit, a Paris time the spring clock change skips, garbage, no reason, a body that is not an object.</summary>
    [Theory]
    [InlineData("{\"until\":\"2026-11-24T09:00\",\"reason\":\"x\"}", "until", "future")]
    [InlineData("{\"until\":\"2026-12-02T10:00\",\"reason\":\"x\"}", "until", "7 days")]
    [InlineData("{\"until\":\"2027-03-28T02:30\",\"reason\":\"x\"}", "until", "")]
    [InlineData("{\"until\":\"demain\",\"reason\":\"x\"}", "until", "")]
    [InlineData("{\"until\":\"2026-11-24T12:00\"}", "reason", "required")]
    [InlineData("{\"until\":\"2026-11-24T12:00\",\"reason\":[1]}", "reason", "")]
    [InlineData("[\"2026-11-24T12:00\"]", "body", "object")]
    public async Task A_saturation_request_that_cannot_apply_gets_400_naming_the_field_and_changes_nothing(string body, string field, string says)
    {
        using var admin = Admin();

        using var response = await admin.PutAsync("/api/saturation", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        Assert.Contains(says, JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        var (_, queued) = await ChooseAsync("+33656000040", "4");
        Assert.Single(queued.Descendants("Enqueue"));
    }

    /// <summary>
    /// A saturation attack as the 3919 saw it, at a smaller scale: 50 callers at once while the mode is on, every third
    /// typing the right code. Each is challenged once, exactly those who typed it are queued, nobody gets an error, and
    /// the counts add up.
    /// </summary>
    [Fact]
    public async Task Fifty_callers_at_once_in_saturation_mode_are_each_challenged_and_only_those_who_type_the_code_are_queued()
    {
        await SaturateAsync(TimeSpan.FromHours(1));

        var calls = Enumerable.Range(0, 50).Select(async i =>
        {
            var from = "+3365700" + i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
            var (sid, twiml) = await ChooseAsync(from, "4");
            var passes = i % 3 == 0;
            for (var attempt = 0; attempt < 3 && !twiml.Descendants("Enqueue").Any() && !twiml.Descendants("Hangup").Any(); attempt++)
            {
                var code = SpokenCode(twiml);
                twiml = await AnswerAsync(twiml, sid, passes ? code : Wrong(code));
            }

            return (sid, passes, queued: twiml.Descendants("Enqueue").Any(), heard: TwilioClient.Heard(twiml));
        }).ToList();
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Equal(r.passes, r.queued));
        Assert.All(results.Where(r => !r.passes), r => Assert.True(
            new[] { "le 17", "112", "114", "39 19", "116 006" }.All(n => r.heard.Contains(n, StringComparison.Ordinal)), "a caller who failed heard: " + r.heard));
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(17, await db.ExecuteScalarAsync<long>("select count(*) from queue_entries"));
        Assert.Equal((17, 33), await db.QuerySingleAsync<(int, int)>(
            "select count(*) filter (where challenge = 'passed')::int, count(*) filter (where challenge = 'failed')::int from calls"));
        using var admin = Admin();
        var state = await admin.GetFromJsonAsync<JsonElement>("/api/saturation");
        Assert.Equal((17, 33), (state.GetProperty("passed").GetInt32(), state.GetProperty("failed").GetInt32()));
    }

    private async Task SaturateAsync(TimeSpan duration)
    {
        using var admin = Admin();
        var until = _app.Time.GetUtcNow().Add(duration).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using var put = await admin.PutAsJsonAsync("/api/saturation", new { until, reason = "Appels répétés coordonnés" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }
}
