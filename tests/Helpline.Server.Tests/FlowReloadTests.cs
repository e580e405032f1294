using System.Text.Json;
using Helpline.Core.Flows.Execution;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Helpline.Server.Tests;

/// <summary>
/// Editing the flow file while the server runs: a valid change serves new calls while calls in progress finish on
/// their version; an invalid change is refused, shown in /readyz, and the last good version keeps serving.
/// </summary>
public sealed class FlowReloadTests : IAsyncLifetime
{
    private readonly string _folder = CopyDefaultFlow();
    private readonly HelplineApp _app;

    public FlowReloadTests()
    {
        _app = new HelplineApp();
        _app.Settings["Helpline:FlowPath"] = FlowFile;
    }

    private string FlowFile => Path.Combine(_folder, "un-premier-pas.yaml");

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Valid_change_serves_new_calls_and_calls_in_progress_keep_their_version()
    {
        var twilio = _app.Twilio();
        var registry = _app.Services.GetRequiredService<FlowRegistry>();
        var before = registry.Current.Hash;
        var sid = TwilioClient.NewCallSid();
        var menu = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(sid));

        await File.WriteAllTextAsync(FlowFile, (await File.ReadAllTextAsync(FlowFile)).Replace("    timeout-seconds: 5\n", "    timeout-seconds: 8\n", StringComparison.Ordinal));
        await WaitForAsync(() => registry.Current.Hash != before);

        var newCall = await twilio.TwimlAsync("/voice/incoming", TwilioClient.Incoming(TwilioClient.NewCallSid()));
        Assert.Equal("8", newCall.Descendants("Gather").Single().Attribute("timeout")!.Value);
        var form = TwilioClient.Incoming(sid);
        form["Digits"] = string.Empty;
        var replay = await twilio.TwimlAsync(twilio.Relative(TwilioClient.Action(menu, "Gather")!), form);
        Assert.Equal("5", replay.Descendants("Gather").Single().Attribute("timeout")!.Value);
        Assert.Contains(before, TwilioClient.Action(replay, "Gather"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_change_is_refused_shown_in_readyz_and_the_last_good_version_keeps_serving()
    {
        var registry = _app.Services.GetRequiredService<FlowRegistry>();
        var before = registry.Current.Hash;
        var status = _app.Services.GetRequiredService<Helpline.Server.Flows.FlowReloadStatus>();

        await File.WriteAllTextAsync(FlowFile, (await File.ReadAllTextAsync(FlowFile)).Replace("    open: accueil\n", "    open: acceuil\n", StringComparison.Ordinal));
        await WaitForAsync(() => status.LastRejected is not null);

        Assert.Equal(before, registry.Current.Hash);
        using var client = _app.CreateClient();
        using var ready = JsonDocument.Parse(await client.GetStringAsync("/readyz"));
        var errors = ready.RootElement.GetProperty("lastRejectedReload").GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        var line = File.ReadAllLines(FlowFile).ToList().FindIndex(l => l == "    open: acceuil") + 1;
        Assert.Contains(errors, e => e!.Contains($":{line}:11: error HL200", StringComparison.Ordinal) && e.Contains("did you mean 'accueil'", StringComparison.Ordinal));
        var call = await _app.Twilio().TwimlAsync("/voice/incoming", TwilioClient.Incoming(TwilioClient.NewCallSid()));
        Assert.NotEmpty(call.Descendants("Gather"));
    }

    /// <summary>
    /// Found by ops/try-deployment: an install copies the flow and every recording (each file raising several events), and
    /// the watcher waited one settling delay per event, 22 s for the default flow's folder. A burst of changes is read
    /// once the burst has been quiet for one settling delay: here within 3 s of the service's clock for 200 writes.
    /// </summary>
    [Fact]
    public async Task A_burst_of_file_changes_is_read_after_one_settling_delay_not_one_per_change()
    {
        var registry = _app.Services.GetRequiredService<FlowRegistry>();
        var before = registry.Current.Hash;
        var prompts = Directory.GetFiles(Path.Combine(_folder, "prompts"));

        for (var i = 0; i < 200; i++)
        {
            var prompt = prompts[i % prompts.Length];
            await File.WriteAllBytesAsync(prompt, await File.ReadAllBytesAsync(prompt));
        }

        await File.WriteAllTextAsync(FlowFile, (await File.ReadAllTextAsync(FlowFile)).Replace("    timeout-seconds: 5\n", "    timeout-seconds: 8\n", StringComparison.Ordinal));
        for (var advanced = 0; advanced < 3_000 && registry.Current.Hash == before; advanced += 50)
        {
            _app.Time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(25);
        }

        Assert.NotEqual(before, registry.Current.Hash);
    }

    /// <summary>Waits for the watcher: moves the fake clock past the settling delay until the condition holds (bounded, not a speed check).</summary>
    private async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            _app.Time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(25);
        }

        Assert.True(condition(), "the server did not pick up the change");
    }

    private static string CopyDefaultFlow()
    {
        var folder = Directory.CreateTempSubdirectory("helpline-reload-").FullName;
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
