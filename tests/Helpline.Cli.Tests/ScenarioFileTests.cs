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

    /// <summary>
    /// Issue 13: every recorded prompt of the call-back dialogue is heard in some scenario of the default flow — except
    /// those a simulated call cannot reach, each named with where it is tested instead.
    /// </summary>
    [Fact]
    public void Every_recorded_call_back_prompt_of_the_default_flow_is_heard_by_some_scenario()
    {
        var flow = Core.Flows.Loading.FlowLoader.LoadFile(Repo.DefaultFlow).Flow!;
        var callback = flow.States.OfType<Core.Flows.QueueState>().Single(q => q.Callback is not null).Callback!;
        var notSimulated = new Dictionary<Core.Flows.PromptDefinition, string>
        {
            [callback.Unavailable] = "our database down: CallbackTests.With_the_database_down_*",
            [callback.CancelOffer] = "a later call: CallbackTests.Calling_again_*",
            [callback.Cancelled] = "a later call: CallbackTests.Calling_again_and_pressing_1_*",
            [callback.NeutralMessage] = "said to her answering machine: CallbackTests.With_her_consent_a_machine_gets_the_neutral_message_*",
        };
        var (results, _) = ScenarioRunner.RunFile(Path.Combine(Repo.Root, "callflows", "tests", "un-premier-pas.yaml"));
        var heard = results.SelectMany(r => r.Simulation!.Steps).Where(s => s.Kind == "hears").Select(s => s.Text).ToList();

        var unheard = callback.Prompts
            .Where(p => p.AudioPath is not null && !notSimulated.ContainsKey(p))
            .Where(p => !heard.Any(h => h.Contains(Path.GetFileName(p.AudioPath!) + "]", StringComparison.Ordinal)))
            .Select(p => p.AudioPath)
            .ToList();
        Assert.True(callback.Prompts.Count(p => p.AudioPath is not null) >= 10, "the call-back block's prompts are recorded");
        Assert.True(unheard.Count == 0, "never heard in a scenario: " + string.Join(", ", unheard));
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

    /// <summary>
    /// A scenario's <c>at:</c> without an offset is the flow's local time (Paris): 08:30 on Monday 30 March 2026 is
    /// closed, 09:00 open (read as UTC, both were open).
    /// </summary>
    [Fact]
    public void Scenario_at_without_offset_is_paris_time()
    {
        var path = Repo.TempFile("paris.yaml", $"""
            flow: {Repo.DefaultFlow}
            scenarios:
              - name: 08:30 à Paris un lundi, fermé
                at: 2026-03-30T08:30:00
                inputs: ["1", answered]
                expect:
                  transfers-to: violences-femmes-info
              - name: 09:00 à Paris un lundi, ouvert
                at: 2026-03-30T09:00
                inputs: ["1", answered]
                expect:
                  transfers-to: police
            """);

        var (code, output, _) = Repo.Run((o, e) => Commands.TestCommand.Run([path], o, e));

        Assert.True(code == 0, output);
        Assert.EndsWith("2 passed, 0 failed" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    /// <summary>
    /// An <c>at:</c> that is not one instant in the flow's zone is reported at its file:line:col with why and how to
    /// write it. Tried: the spring gap, the autumn overlap, a space separator, French words, a date alone.
    /// </summary>
    [Theory]
    [InlineData("2026-03-29T02:30:00", "'at': '2026-03-29T02:30:00' does not exist in Europe/Paris: clocks go from 02:00 to 03:00 on 2026-03-29 (hint: give a time before 02:00 or from 03:00, or give an offset")]
    [InlineData("2026-10-25T02:30:00", "'at': '2026-10-25T02:30:00' is ambiguous in Europe/Paris: clocks go back from 03:00 to 02:00 on 2026-10-25, so this time happens twice (+02:00 then +01:00) (hint: add the offset you mean: 2026-10-25T02:30:00+02:00")]
    [InlineData("2026-03-30 08:30", "'at': '2026-03-30 08:30' separates the date and the time with a space (hint: write a T between them: 2026-03-30T08:30)")]
    [InlineData("lundi 8h30", "'at': 'lundi 8h30' is not a date and time (hint: write it as 2026-11-24T10:00 (Europe/Paris time)")]
    [InlineData("2026-03-30", "'at': '2026-03-30' is a date without a time (hint: add the time")]
    public void Scenario_at_that_is_not_one_paris_instant_is_reported_at_its_line_and_column(string at, string message)
    {
        var path = Repo.TempFile("dst.yaml", $"""
            flow: {Repo.DefaultFlow}
            scenarios:
              - name: heure du changement
                at: {at}
                inputs: [timeout, answered]
                expect:
                  transfers-to: violences-femmes-info
            """);

        var (code, output, _) = Repo.Run((o, e) => Commands.TestCommand.Run([path], o, e));

        Assert.Equal(1, code);
        Assert.Contains($"{path}:4:9: error HL105: {message}", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>override:</c> plays the call as if the operator had opened or closed the line: it changes the flow's own hours,
    /// never the 116 006's named calendar. A value other than open or closed is reported at its line and column.
    /// </summary>
    [Fact]
    public void Scenario_override_opens_the_line_but_not_the_116_006()
    {
        var path = Repo.TempFile("override.yaml", $"""
            flow: {Repo.DefaultFlow}
            scenarios:
              - name: ouvert exceptionnellement à 20 h, le 116 006 reste fermé
                at: 2026-11-24T20:00
                override: open
                inputs: ["4", overflow, answered]
                expect:
                  states: [horaires, accueil, file-ecoutantes, debordement, debordement-116006, debordement-116006-ferme, transfert-3919, fin]
              - name: sans dérogation à 20 h, la ligne est fermée
                at: 2026-11-24T20:00
                inputs: [timeout, answered]
                expect:
                  ends-in: fin
                  transfers-to: violences-femmes-info
            """);

        var (code, output, _) = Repo.Run((o, e) => Commands.TestCommand.Run([path], o, e));

        Assert.True(code == 0, output);
        Assert.EndsWith("2 passed, 0 failed" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_override_other_than_open_or_closed_is_reported_at_its_line_and_column()
    {
        var path = Repo.TempFile("override.yaml", $"""
            flow: {Repo.DefaultFlow}
            scenarios:
              - name: dérogation mal écrite
                at: 2026-11-24T20:00
                override: ouvert
                inputs: [timeout, answered]
                expect:
                  ends-in: fin
            """);

        var (code, output, _) = Repo.Run((o, e) => Commands.TestCommand.Run([path], o, e));

        Assert.Equal(1, code);
        Assert.Contains($"{path}:5:15: error HL105: 'override' must be 'open' or 'closed', not 'ouvert'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_command_runs_the_shipped_folder_and_prints_the_summary()
    {
        var (code, output, _) = Repo.Run((o, e) => Commands.TestCommand.Run([Path.Combine(Repo.Root, "callflows", "tests")], o, e));

        Assert.Equal(0, code);
        Assert.Matches(@"\n[1-9][0-9]* passed, 0 failed\s*$", output);
    }
}
