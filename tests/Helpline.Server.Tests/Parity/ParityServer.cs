using System.Text;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Server.Flows;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Helpline.Server.Tests.Parity;

/// <summary>
/// One real server for every flow a test class tries: it serves the flow file of its own folder, which
/// <see cref="PublishAsync"/> rewrites and reloads (as an operator's saved file is), so generated flows do not each
/// pay for a server start.
/// </summary>
public sealed class ParityServer : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpline-parity-").FullName;

    public ParityServer()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "prompts"));
        File.Copy(Path.Combine(HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml"), FlowFile);
        App.Settings["Helpline:FlowPath"] = FlowFile;
    }

    public HelplineApp App { get; } = new();

    public string FlowFile => Path.Combine(_folder, "flow.yaml");

    public Task InitializeAsync() => App.InitializeAsync();

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Writes the flow and its recordings where the server reads them, validates the file as <c>validate</c> does and
    /// reloads the server; returns the flow compiled as <c>simulate</c> compiles it, or null when the validator refused
    /// it (after checking the server refused it too and kept serving the previous version).
    /// </summary>
    internal async Task<CompiledFlow?> PublishAsync(GeneratedFlow generated, string? context = null)
    {
        context ??= generated.Description;
        // Each flow finds only its own recordings, so a failing flow replays alone exactly as it ran among others.
        var prompts = Path.Combine(_folder, "prompts");
        Directory.Delete(prompts, recursive: true);
        Directory.CreateDirectory(prompts);
        foreach (var recording in generated.Recordings)
        {
            var full = Path.Combine(_folder, recording);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllBytesAsync(full, "RIFF\0\0\0\0WAVEfmt "u8.ToArray());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // This flow names a recording both as a file and as a folder (long generated paths): the one written
                // second is missing, which the validator and the server both see the same way.
            }
        }

        await File.WriteAllTextAsync(FlowFile, generated.Yaml, new UTF8Encoding(false));
        var validated = FlowLoader.LoadFile(FlowFile);
        var registry = App.Services.GetRequiredService<FlowRegistry>();
        var status = App.Services.GetRequiredService<FlowReloadStatus>();
        var before = registry.Current.Hash;
        await App.Services.GetRequiredService<FlowReloader>().ReloadAsync(CancellationToken.None);
        if (!validated.Succeeded)
        {
            Assert.True(registry.Current.Hash == before && status.LastRejected?.Hash == validated.ContentHash,
                $"{context}: validate refused the flow but the server did not:\n{string.Join("\n", validated.Errors)}");
            return null;
        }

        Assert.True(registry.Current.Hash == validated.ContentHash,
            $"{context}: validate accepted the flow but the server did not publish it: {string.Join("\n", status.LastRejected?.Errors ?? [])}\n{Shorten(generated.Yaml)}");
        return CompiledFlow.Compile(validated);
    }

    private static string Shorten(string text) => text.Length <= 4000 ? text : text[..4000] + $"… ({text.Length} characters)";
}
