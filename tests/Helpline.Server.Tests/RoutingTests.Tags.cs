using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

public sealed partial class RoutingTests
{
    /// <summary>
    /// Issue 12.3: key 5 of the default flow queues the caller like key 4 and tags the call "ne-peut-pas-parler": the tag
    /// is stored on the call, travels in the offer's URL, and the worker hears that the caller cannot speak — first,
    /// before the menu choice — then is connected. A caller of key 4 carries no tag and the worker hears no warning.
    /// </summary>
    [Theory]
    [InlineData("5", "ne-peut-pas-parler")]
    [InlineData("4", "")]
    public async Task A_caller_who_cannot_speak_is_tagged_and_the_worker_is_told_before_being_connected(string key, string tags)
    {
        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync(key);

        var agentUrl = AgentUrl((await WaitForRedirectAsync(sid)).Body);
        var dial = await _app.Twilio().TwimlAsync(agentUrl, TwilioClient.Step(sid));
        var whisper = await WhisperAsync(dial);

        Assert.Contains("&tags=" + tags + "&", agentUrl, StringComparison.Ordinal);
        var heard = TwilioClient.Heard(whisper);
        Assert.Equal(key == "5", heard.StartsWith("Attention : la personne ne peut pas parler.", StringComparison.Ordinal));
        Assert.Contains("Choix du menu : " + key, heard, StringComparison.Ordinal);
        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(tags.Length == 0 ? [] : [tags], await db.ExecuteScalarAsync<string[]>("select tags from calls where call_sid = @sid", new { sid }) ?? ["(no row)"]);
    }

    /// <summary>
    /// A whisper URL handed out by an earlier build carries no tags: the worker's leg reads them from the database, so
    /// a caller who cannot speak is still announced as such during an upgrade.
    /// </summary>
    [Fact]
    public async Task A_whisper_url_without_tags_reads_them_from_the_database()
    {
        await SetStatusAsync(1, "available");
        var (sid, _) = await QueueCallerAsync("5");
        var dial = await _app.Twilio().TwimlAsync(AgentUrl((await WaitForRedirectAsync(sid)).Body), TwilioClient.Step(sid));
        var number = dial.Descendants("Number").Single();
        var olderUrl = System.Text.RegularExpressions.Regex.Replace(Relative(number.Attribute("url")!.Value), "&tags=[^&]*", string.Empty);
        Assert.DoesNotContain("tags=", olderUrl, StringComparison.Ordinal);

        var whisper = await _app.Twilio().TwimlAsync(olderUrl, TwilioClient.Step(TwilioClient.NewCallSid(), ("Direction", "outbound-dial")));

        Assert.StartsWith("Attention : la personne ne peut pas parler.", TwilioClient.Heard(whisper), StringComparison.Ordinal);
    }

    /// <summary>Tags only add up: a step that sets none keeps those the call has, and a tag set twice is kept once.</summary>
    [Fact]
    public async Task A_tag_stays_on_the_call_after_the_overflow()
    {
        var (sid, enqueue) = await QueueCallerAsync("5");
        var twilio = _app.Twilio();

        await twilio.TwimlAsync(Relative(enqueue.Attribute("action")!.Value), TwilioClient.Step(sid, ("QueueResult", "leave"), ("QueueTime", "600")));

        await using var db = await _app.OpenDatabaseAsync();
        Assert.Equal(["ne-peut-pas-parler"], await db.ExecuteScalarAsync<string[]>("select tags from calls where call_sid = @sid", new { sid }) ?? []);
    }
}
