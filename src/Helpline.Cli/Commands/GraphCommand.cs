using System.CommandLine;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Stateless.Graph;

namespace Helpline.Cli.Commands;

/// <summary>
/// <c>helpline graph FILE --format mermaid|dot [--output FILE]</c>: the flow as a diagram, drawn from the compiled
/// Stateless machine, every edge labelled with its trigger (<c>digits:1</c>, <c>timeout</c>, <c>open</c>, <c>busy</c>…).
/// </summary>
public static class GraphCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The flow file" };
        var format = new Option<string>("--format") { Description = "mermaid or dot", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var target = new Option<string>("--output") { Description = "Write the diagram to this file instead of the terminal" };
        var command = new Command("graph", "Draw a flow as a Mermaid or Graphviz diagram") { file, format, target };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(format)!, result.GetValue(target), output, error));
        return command;
    }

    /// <summary>Draws the flow; returns the exit code.</summary>
    public static int Run(string file, string format, string? target, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var load = FlowLoader.LoadFile(file);
        if (!load.Succeeded)
        {
            foreach (var diagnostic in load.Errors)
            {
                error.WriteLine(diagnostic);
            }

            return 1;
        }

        var info = CompiledFlow.Compile(load).GetInfo();
        var diagram = format == "dot" ? UmlDotGraph.Format(info) : MermaidGraph.Format(info);
        if (target is null)
        {
            output.WriteLine(diagram);
        }
        else
        {
            File.WriteAllText(target, diagram);
            output.WriteLine($"wrote {target}");
        }

        return 0;
    }
}
