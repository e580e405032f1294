using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;

namespace Helpline.Core.Tests.Flows;

/// <summary>Writes flow YAML to a temporary folder and loads it, as an operator's file would be.</summary>
internal static class FlowFiles
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string DefaultFlowPath => Path.Combine(RepoRoot, "callflows", "un-premier-pas.yaml");

    public static FlowLoadResult Load(string yaml, FlowLoadOptions? options = null, params string[] promptFiles)
    {
        var dir = Directory.CreateTempSubdirectory("helpline-flow-").FullName;
        foreach (var prompt in promptFiles)
        {
            var full = Path.Combine(dir, prompt);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, [0x52, 0x49, 0x46, 0x46]);
        }

        var path = Path.Combine(dir, "flow.yaml");
        File.WriteAllText(path, yaml.ReplaceLineEndings("\n"));
        return FlowLoader.LoadFile(path, options);
    }

    public static CompiledFlow Compile(string yaml, params string[] promptFiles) => CompiledFlow.Compile(Load(yaml, null, promptFiles));

    public static CompiledFlow DefaultFlow(FlowLoadOptions? options = null) => CompiledFlow.Compile(FlowLoader.LoadFile(DefaultFlowPath, options));

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Helpline.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Helpline.sln not found above " + AppContext.BaseDirectory);
    }
}
