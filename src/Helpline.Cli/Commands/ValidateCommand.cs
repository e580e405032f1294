using System.CommandLine;
using Helpline.Core.Flows.Loading;

namespace Helpline.Cli.Commands;

/// <summary>
/// <c>helpline validate PATH…</c>: checks flow files (or every <c>*.yaml</c> of a folder) and prints every problem the
/// way compilers do (<c>file:line:col: error CODE: message</c>). Exit 0 when all are valid (warnings allowed), 1 otherwise.
/// </summary>
public static class ValidateCommand
{
    /// <summary>Builds the command, writing findings to <paramref name="output"/> and usage errors to <paramref name="error"/>.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("path") { Description = "Flow files or folders holding them", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check call-flow files and report every problem with file:line:col") { paths };
        command.SetAction(result => Run(result.GetValue(paths) ?? [], output, error));
        return command;
    }

    /// <summary>Validates the files; returns the exit code.</summary>
    public static int Run(IEnumerable<string> paths, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var files = FlowFileFinder.Expand(paths, error, out var missing);
        var errors = missing;
        foreach (var file in files)
        {
            var result = FlowLoader.LoadFile(file);
            foreach (var diagnostic in result.Diagnostics)
            {
                output.WriteLine(diagnostic);
            }

            errors += result.Errors.Count();
            if (result.Succeeded)
            {
                output.WriteLine($"{file}: ok ({result.Flow!.States.Count} states, version {result.ContentHash[..12]})");
            }
        }

        return errors == 0 && files.Count > 0 ? 0 : 1;
    }
}
