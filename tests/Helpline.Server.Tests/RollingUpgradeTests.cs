using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Helpline.Server.Testing;
using Helpline.Testing;

namespace Helpline.Server.Tests;

/// <summary>
/// A rolling upgrade that ships a new flow version: a caller waiting in the queue on version 1 has their hold polls
/// answered by an instance started with version 2 only (it never loaded version 1, which it finds in PostgreSQL).
/// Found by ops/try-deployment: the hold poll looked in memory only and sent such a caller to the overflow.
/// </summary>
public sealed class RollingUpgradeTests : IAsyncLifetime
{
    private string _connectionString = string.Empty;
    private string _newFlows = string.Empty;
    private ServerProcess? _old;
    private ServerProcess? _new;

    public async Task InitializeAsync()
    {
        var postgres = await PostgresServer.SharedAsync();
        _connectionString = await postgres.CreateDatabaseAsync("upgrade");
        _newFlows = Directory.CreateTempSubdirectory("helpline-flow-v2-").FullName;
        CopyFolder(Path.Combine(HelplineApp.RepoRoot, "callflows"), _newFlows);
        var flow = Path.Combine(_newFlows, "un-premier-pas.yaml");
        File.WriteAllText(flow, File.ReadAllText(flow).Replace("whisper: \"Appel de la ligne d'écoute. ", "whisper: \"Appel de la ligne d'écoute, version 2. ", StringComparison.Ordinal));
        _old = await ServerProcess.StartAsync(_connectionString);
        await OpenTheLineAsync(_old.Url);
    }

    public async Task DisposeAsync()
    {
        if (_old is not null)
        {
            await _old.DisposeAsync();
        }

        if (_new is not null)
        {
            await _new.DisposeAsync();
        }

        Directory.Delete(_newFlows, recursive: true);
    }

    [Fact]
    public async Task A_caller_waiting_on_the_old_flow_version_keeps_holding_on_an_instance_that_only_loaded_the_new_one()
    {
        var sid = TwilioClient.NewCallSid();
        var onOld = _old!.Twilio();
        var menu = await onOld.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));
        var queued = await onOld.TwimlAsync(onOld.Relative(TwilioClient.Action(menu, "Gather")!), TwilioClient.Step(sid, ("Digits", "4")));
        var waitUrl = onOld.Relative(queued.Descendants("Enqueue").Single().Attribute("waitUrl")!.Value);
        var heldOnOld = await onOld.TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "5")));

        _new = await ServerProcess.StartAsync(_connectionString, new Dictionary<string, string> { ["Helpline__FlowPath"] = Path.Combine(_newFlows, "un-premier-pas.yaml") });
        _old.Kill();
        var heldOnNew = await _new.Twilio().TwimlAsync(waitUrl, TwilioClient.Step(sid, ("QueueTime", "10")));

        Assert.Empty(heldOnNew.Descendants("Leave"));
        Assert.Equal(TwilioClient.Heard(heldOnOld), TwilioClient.Heard(heldOnNew));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var folder in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    private static async Task OpenTheLineAsync(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HelplineApp.AdminToken);
        var until = DateTimeOffset.UtcNow.AddHours(2).ToString("O", CultureInfo.InvariantCulture);
        using var response = await http.PutAsync("/api/hours/override",
            new StringContent($"{{\"mode\":\"open\",\"until\":\"{until}\",\"reason\":\"test\"}}", Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"hours override -> {(int)response.StatusCode}");
    }
}
