namespace Helpline.Core.Flows.Simulation;

/// <summary>A scenario's verdict: passed, or every expectation that failed, with the transcript to see why.</summary>
/// <param name="File">The scenario file.</param>
/// <param name="Scenario">The scenario.</param>
/// <param name="Failures">What did not hold (empty when passed).</param>
/// <param name="Simulation">The simulated call, when it ran.</param>
public sealed record ScenarioResult(string File, Scenario Scenario, IReadOnlyList<string> Failures, SimulationResult? Simulation)
{
    /// <summary>True when every expectation held.</summary>
    public bool Passed => Failures.Count == 0;
}
