using System.CommandLine;
using Helpline.Core.Flows.Loading;
using Helpline.Core.Flows.Validation;

namespace Helpline.Cli.Commands;

/// <summary>
/// <c>helpline prompts FILE</c>: lists the recordings a flow plays with the words of each, one per line
/// (<c>path&lt;TAB&gt;text</c>, paths relative to the flow's folder). <c>ops/make-prompts</c> records them from this
/// list, so the recordings always say what the spoken fallback says.
/// </summary>
public static class PromptsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The flow file" };
        var command = new Command("prompts", "List a flow's recordings and their words (path<TAB>text)") { file };
        command.SetAction(result => Run(result.GetValue(file)!, output, error));
        return command;
    }

    /// <summary>Prints the list; returns the exit code (1 when the flow does not load).</summary>
    public static int Run(string file, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var result = FlowLoader.LoadFile(file);
        if (result.Flow is null)
        {
            foreach (var diagnostic in result.Errors)
            {
                error.WriteLine(diagnostic);
            }

            return 1;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, prompt) in FlowGraphValidator.Prompts(result.Flow))
        {
            if (prompt.AudioPath is not null && seen.Add(prompt.AudioPath))
            {
                output.WriteLine($"{prompt.AudioPath}\t{string.Join(' ', prompt.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}");
            }
        }

        return 0;
    }
}
