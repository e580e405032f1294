using Helpline.Core.Flows.Diagnostics;

namespace Helpline.Core.Flows.Loading;

/// <summary>
/// The outcome of loading one flow file: the flow when it is valid, every finding (errors and warnings) otherwise,
/// and the content hash that identifies this exact version.
/// </summary>
/// <param name="Path">The file's path as given.</param>
/// <param name="ContentHash">Lower-case hex SHA-256 of the file's bytes.</param>
/// <param name="Content">The file's text (stored with the calls' flow version).</param>
/// <param name="Flow">The flow, or null when there are errors.</param>
/// <param name="Diagnostics">Every finding, in file order.</param>
public sealed record FlowLoadResult(string Path, string ContentHash, string Content, FlowDefinition? Flow, IReadOnlyList<FlowDiagnostic> Diagnostics)
{
    /// <summary>True when the flow loaded with no error (warnings allowed).</summary>
    public bool Succeeded => Flow is not null && !Diagnostics.Any(d => d.IsError);

    /// <summary>The errors only.</summary>
    public IEnumerable<FlowDiagnostic> Errors => Diagnostics.Where(d => d.IsError);
}
