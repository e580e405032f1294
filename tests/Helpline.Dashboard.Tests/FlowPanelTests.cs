using Helpline.Dashboard.Tests.Infrastructure;
using Helpline.Server.Flows;
using Helpline.Server.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Helpline.Dashboard.Tests;

/// <summary>The supervisor page's flow panel: the live flow, and a refused reload with its errors.</summary>
public sealed class FlowPanelTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpline-dashboard-flow-").FullName;
    private readonly DashboardServer _server = new();

    private string FlowFile => Path.Combine(_folder, "un-premier-pas.yaml");

    public async Task InitializeAsync()
    {
        File.Copy(Path.Combine(HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml"), FlowFile);
        _server.Settings["Helpline:FlowPath"] = FlowFile;
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Refused_reload_is_shown_with_its_errors_while_the_last_good_version_is_named_as_serving()
    {
        using var supervisor = await SignedInClient.CreateAsync(_server, "chef", DashboardServer.SupervisorPassword);
        var before = await supervisor.GetStringAsync("/supervision");
        await File.WriteAllTextAsync(FlowFile, (await File.ReadAllTextAsync(FlowFile)).Replace("    open: accueil\n", "    open: acceuil\n", StringComparison.Ordinal));

        var published = await _server.Services.GetRequiredService<FlowReloader>().ReloadAsync(CancellationToken.None);
        var after = await supervisor.GetStringAsync("/supervision");

        Assert.False(published);
        Assert.Contains("Aucune modification refusée depuis le démarrage.", before, StringComparison.Ordinal);
        Assert.Contains("Dernière modification refusée", after, StringComparison.Ordinal);
        Assert.Contains("error HL200", after, StringComparison.Ordinal);
        Assert.Contains("did you mean 'accueil'", System.Net.WebUtility.HtmlDecode(after), StringComparison.Ordinal); // the text, whichever entity encodes the quote
        Assert.Contains("<dt>Nom</dt><dd>un-premier-pas</dd>", after, StringComparison.Ordinal);
        Assert.Contains("stateDiagram-v2", after, StringComparison.Ordinal); // the Mermaid diagram of the serving version
    }
}
