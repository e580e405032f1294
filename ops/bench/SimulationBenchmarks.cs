using BenchmarkDotNet.Attributes;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Core.Flows.Simulation;
using Stateless;

namespace Helpline.Benchmarks;

/// <summary>
/// Simulated calls through the default flow (incoming, no key, choice 4, queue answered: 4 webhooks' worth of steps),
/// against the floor of firing the same number of triggers on a bare two-state Stateless machine.
/// </summary>
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));
    private CompiledFlow _flow = null!;
    private string _state = "a";
    private StateMachine<string, string> _bare = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Helpline.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Helpline.sln not found");
        }

        _flow = CompiledFlow.Compile(FlowLoader.LoadFile(Path.Combine(root, "callflows", "un-premier-pas.yaml")));
        _bare = new StateMachine<string, string>(() => _state, s => _state = s);
        _bare.Configure("a").Permit("go", "b");
        _bare.Configure("b").Permit("go", "a");
    }

    [Benchmark(Baseline = true, Description = "floor: bare Stateless, 5 fires")]
    public string BareMachine()
    {
        for (var i = 0; i < 5; i++)
        {
            _bare.Fire("go");
        }

        return _state;
    }

    [Benchmark(Description = "simulated call through the default flow")]
    public SimulationResult SimulatedCall()
    {
        var inputs = new Queue<string>(["timeout", "4"]);
        return CallSimulator.Run(_flow, TuesdayMorning, _ => inputs.Count > 0 ? inputs.Dequeue() : null);
    }
}
