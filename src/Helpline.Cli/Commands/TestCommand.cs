using System.CommandLine;
using Helpline.Core.Flows.Simulation;

namespace Helpline.Cli.Commands;

/// <summary>
/// <c>helpline test PATH…</c>: runs scenario files (or every <c>*.yaml</c> of a folder), one line per scenario, then
/// <c>N passed, N failed</c>. Exit 1 when any scenario fails or a file cannot be read.
/// </summary>
public static class TestCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("path") { Description = "Scenario files or folders holding them", Arity = ArgumentArity.OneOrMore };
        var command = new Command("test", "Run scenario files against their flows") { paths };
        command.SetAction(result => Run(result.GetValue(paths) ?? [], output, error));
        return command;
    }

    /// <summary>Runs the scenarios; returns the exit code.</summary>
    public static int Run(IEnumerable<string> paths, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var files = FlowFileFinder.Expand(paths, error, out var missing);
        int passed = 0, failed = missing;
        foreach (var file in files)
        {
            var (results, problems) = ScenarioRunner.RunFile(file);
            foreach (var problem in problems)
            {
                output.WriteLine(problem);
            }

            if (problems.Any(p => p.IsError))
            {
                failed++;
                continue;
            }

            foreach (var result in results)
            {
                if (result.Passed)
                {
                    passed++;
                    output.WriteLine($"PASS {file}:{result.Scenario.Position.Line}: {result.Scenario.Name}");
                    continue;
                }

                failed++;
                output.WriteLine($"FAIL {file}:{result.Scenario.Position.Line}: {result.Scenario.Name}");
                foreach (var failure in result.Failures)
                {
                    output.WriteLine($"     {failure}");
                }

                foreach (var step in result.Simulation?.Steps ?? [])
                {
                    output.WriteLine($"       {step}");
                }
            }
        }

        output.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 && passed > 0 ? 0 : 1;
    }
}
