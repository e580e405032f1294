using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using Helpline.Server.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// Review of issue 14: a flow file without a <c>challenge:</c> block (any operator's flow written before issue 14; the
/// block is optional) challenges nobody. A supervisor switches saturation mode on: the API answers 200, the page and
/// GET /api/saturation say it is on — and every caller goes straight into the queue. Nothing refuses the switch, warns
/// the supervisor, or reports the flow (no HL warning): the protection is silently off.
/// </summary>
public sealed class SaturationWithoutChallengeTests : IAsyncLifetime
{
    private readonly string _folder = CopyFlowWithoutChallenge();
    private readonly HelplineApp _app = new();

    public SaturationWithoutChallengeTests()
    {
        _app.Settings["Helpline:FlowPath"] = Path.Combine(_folder, "un-premier-pas.yaml");
    }

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Saturation_mode_on_a_flow_without_a_challenge_is_refused_or_challenges_callers()
    {
        using var admin = _app.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _app.AdminTokenInUse);
        var until = _app.Time.GetUtcNow().AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using var put = await admin.PutAsJsonAsync("/api/saturation", new { until, reason = "Appels répétés coordonnés" });
        if (!put.IsSuccessStatusCode)
        {
            return; // refusing it, saying why, is a fine answer
        }

        var sid = TwilioClient.NewCallSid();
        var twilio = _app.Twilio();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid, "+33655300001"));
        var answer = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("From", "+33655300001"), ("Digits", "4")));

        await using var db = await _app.OpenDatabaseAsync();
        Assert.True(!answer.Descendants("Enqueue").Any(),
            $"saturation mode accepted ({(int)put.StatusCode}) but the caller was queued without any challenge (calls.challenge = {await db.ExecuteScalarAsync<string?>("select challenge from calls where call_sid = @sid", new { sid }) ?? "null"})");
    }

    private static string CopyFlowWithoutChallenge()
    {
        var folder = Directory.CreateTempSubdirectory("helpline-nochallenge-").FullName;
        var source = Path.Combine(HelplineApp.RepoRoot, "callflows");
        var text = File.ReadAllText(Path.Combine(source, "un-premier-pas.yaml"));
        var start = text.IndexOf("\nchallenge:\n", StringComparison.Ordinal);
        var end = text.IndexOf("  tries: 3\n", start, StringComparison.Ordinal) + "  tries: 3\n".Length;
        Assert.True(start > 0 && end > start, "challenge block not found in the default flow");
        File.WriteAllText(Path.Combine(folder, "un-premier-pas.yaml"), text[..(start + 1)] + text[end..]);
        Directory.CreateDirectory(Path.Combine(folder, "prompts"));
        foreach (var prompt in Directory.GetFiles(Path.Combine(source, "prompts")))
        {
            File.Copy(prompt, Path.Combine(folder, "prompts", Path.GetFileName(prompt)));
        }

        return folder;
    }
}
