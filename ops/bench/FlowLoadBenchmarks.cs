using System.Text;
using BenchmarkDotNet.Attributes;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using YamlDotNet.RepresentationModel;

namespace Helpline.Benchmarks;

/// <summary>Load + validate + compile a generated 1,000-state flow, against the floor of merely parsing its YAML.</summary>
[MemoryDiagnoser]
public class FlowLoadBenchmarks
{
    private byte[] _bytes = [];
    private string _text = string.Empty;
    private string _dir = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _text = GeneratedFlow.Write(1_000);
        _bytes = Encoding.UTF8.GetBytes(_text);
        _dir = Directory.CreateTempSubdirectory("helpline-bench-").FullName;
        var check = FlowLoader.Load(_bytes, Path.Combine(_dir, "flow.yaml"), _dir);
        if (!check.Succeeded || check.Flow!.States.Count != 1_000)
        {
            throw new InvalidOperationException("generated flow is invalid: " + string.Join("\n", check.Diagnostics));
        }
    }

    [Benchmark(Baseline = true, Description = "floor: YamlDotNet parse only")]
    public YamlStream ParseOnly()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(_text));
        return stream;
    }

    [Benchmark(Description = "load + validate + compile (1,000 states)")]
    public CompiledFlow LoadValidateCompile() => CompiledFlow.Compile(FlowLoader.Load(_bytes, Path.Combine(_dir, "flow.yaml"), _dir));
}
