using Helpline.Core.Flows.Simulation;

namespace Helpline.Cli.Tests;

/// <summary>The operators' scenario files shipped in callflows/tests run with the project's test command, one test per scenario.</summary>
public sealed class ScenarioFileTests
{
    public static TheoryData<string, string> Scenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "callflows", "tests"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var (_, scenarios, _) = ScenarioLoader.LoadFile(file);
            foreach (var scenario in scenarios)
            {
                data.Add(Path.GetFileName(file), scenario.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Shipped_scenario_passes(string file, string scenario)
    {
        var (results, problems) = ScenarioRunner.RunFile(Path.Combine(Repo.Root, "callflows", "tests", file));

        Assert.Empty(problems);
        var result = Assert.Single(results, r => r.Scenario.Name == scenario);
        Assert.True(result.Passed, string.Join("\n", result.Failures.Concat(result.Simulation?.Steps.Select(s => s.ToString()) ?? [])));
    }

    [Fact]
    public void Every_state_of_the_default_flow_is_visited_by_some_scenario()
    {
        var flow = Core.Flows.Loading.FlowLoader.LoadFile(Repo.DefaultFlow).Flow!;
        var (results, _) = ScenarioRunner.RunFile(Path.Combine(Repo.Root, "callflows", "tests", "un-premier-pas.yaml"));

        var visited = results.SelectMany(r => r.Simulation!.States).ToHashSet();
        var unvisited = flow.States.Select(s => s.Name).Where(s => !visited.Contains(s)).ToList();
        Assert.True(unvisited.Count == 0, "never visited: " + string.Join(", ", unvisited));
    }

    [Fact]
    public void Failing_scenario_is_reported_with_what_differed()
    {
        var path = Repo.TempFile("wrong.yaml", $"""
            flow: {Repo.DefaultFlow}
            scenarios:
              - name: mauvaise attente
                at: 2026-11-24T10:00:00+01:00
                inputs: ["1", answered]
                expect:
                  transfers-to: hebergement-urgence
                  hears: "un mot jamais dit"
            """);

        var (code, output, _) = Repo.Run((o, e) => Commands.TestCommand.Run([path], o, e));

        Assert.Equal(1, code);
        Assert.Contains("FAIL", output, StringComparison.Ordinal);
        Assert.Contains("transfers to: expected 'hebergement-urgence', got 'police'", output, StringComparison.Ordinal);
        Assert.Contains("\"un mot jamais dit\" was never heard", output, StringComparison.Ordinal);
        Assert.EndsWith("0 passed, 1 failed" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_command_runs_the_shipped_folder_and_prints_the_summary()
    {
        var (code, output, _) = Repo.Run((o, e) => Commands.TestCommand.Run([Path.Combine(Repo.Root, "callflows", "tests")], o, e));

        Assert.Equal(0, code);
        Assert.Matches(@"\n[1-9][0-9]* passed, 0 failed\s*$", output);
    }
}
