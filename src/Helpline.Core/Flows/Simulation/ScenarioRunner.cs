using System.Globalization;
using Helpline.Core.Calendar;
using Helpline.Core.Flows.Diagnostics;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;

namespace Helpline.Core.Flows.Simulation;

/// <summary>
/// Runs operator-written scenario files (<c>callflows/tests/*.yaml</c>): each names a flow file and a list of
/// scenarios, which are played through <see cref="CallSimulator"/> and checked against their expectations.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>Loads and runs one scenario file; problems with the file itself come back as diagnostics.</summary>
    public static (IReadOnlyList<ScenarioResult> Results, IReadOnlyList<FlowDiagnostic> Problems) RunFile(string path, FlowLoadOptions? options = null)
    {
        var (load, scenarios, problems) = ScenarioLoader.LoadFile(path, options);
        if (load is not { Succeeded: true } || problems.Any(p => p.IsError))
        {
            return ([], problems);
        }

        var flow = CompiledFlow.Compile(load);
        return (scenarios.Select(s => Run(path, flow, s)).ToList(), problems);
    }

    /// <summary>Plays one scenario on <paramref name="flow"/>.</summary>
    public static ScenarioResult Run(string file, CompiledFlow flow, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(scenario);
        var inputs = new Queue<string>(scenario.Inputs);
        SimulationResult result;
        try
        {
            // An override written in a scenario holds for the whole call: it ends only at the end of time.
            var hoursOverride = scenario.Override is { } mode ? new HoursOverride(mode, DateTimeOffset.MaxValue, "scenario") : null;
            result = CallSimulator.Run(flow, scenario.At, _ => inputs.Count > 0 ? inputs.Dequeue() : null, scenario.Dial, scenario.Queue, hoursOverride);
        }
        catch (InvalidOperationException ex)
        {
            return new ScenarioResult(file, scenario, [ex.Message], null);
        }

        var failures = new List<string>();
        if (scenario.ExpectStates is { } states && !states.SequenceEqual(result.States, StringComparer.Ordinal))
        {
            failures.Add($"states: expected [{string.Join(", ", states)}], got [{string.Join(", ", result.States)}]");
        }

        Check(failures, "ends in", scenario.ExpectEndsIn, result.EndState);
        Check(failures, "outcome", scenario.ExpectOutcome, result.Outcome);
        Check(failures, "transfers to", scenario.ExpectTransfersTo, (result.Transfers.Count > 0 ? result.Transfers[^1] : null));
        Check(failures, "queue", scenario.ExpectQueue, (result.Queues.Count > 0 ? result.Queues[^1] : null));
        if (scenario.ExpectTags is { } tags && !tags.ToHashSet(StringComparer.Ordinal).SetEquals(result.Tags))
        {
            failures.Add($"tags: expected [{string.Join(", ", tags)}], got [{string.Join(", ", result.Tags)}]");
        }

        foreach (var phrase in scenario.ExpectHears.Where(p => !result.Heard.Contains(p, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"hears: \"{phrase}\" was never heard");
        }

        if (inputs.Count > 0)
        {
            failures.Add($"inputs not used: {string.Join(", ", inputs)} (the call ended before them)");
        }

        return new ScenarioResult(file, scenario, failures, result);
    }

    private static void Check(List<string> failures, string what, string? expected, string? actual)
    {
        if (expected is not null && !string.Equals(expected, actual, StringComparison.Ordinal))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: expected '{expected}', got '{actual ?? "(none)"}'"));
        }
    }
}
