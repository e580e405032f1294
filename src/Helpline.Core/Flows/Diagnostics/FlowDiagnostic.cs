using System.Globalization;

namespace Helpline.Core.Flows.Diagnostics;

/// <summary>
/// One finding about a flow file, printed the way compilers do (<c>file:line:col: error CODE: message</c>) so editors
/// and operators can jump to the place, with a hint on how to fix it where one helps.
/// </summary>
/// <param name="File">The flow file's path as given.</param>
/// <param name="Position">Where in the file.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">A stable code (see <see cref="DiagnosticCodes"/>).</param>
/// <param name="Message">What is wrong, for a person.</param>
/// <param name="Hint">How to fix it, or null.</param>
public sealed record FlowDiagnostic(string File, SourcePosition Position, DiagnosticSeverity Severity, string Code, string Message, string? Hint = null)
{
    /// <summary>True for errors.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The compiler-style line: <c>file:line:col: error CODE: message (hint)</c>.</summary>
    public override string ToString()
    {
        var severity = IsError ? "error" : "warning";
        var text = string.Create(CultureInfo.InvariantCulture, $"{File}:{Position.Line}:{Position.Column}: {severity} {Code}: {Message}");
        return Hint is null ? text : $"{text} (hint: {Hint})";
    }
}
