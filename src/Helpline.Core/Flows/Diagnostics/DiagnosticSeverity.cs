namespace Helpline.Core.Flows.Diagnostics;

/// <summary>How serious a finding is: an error stops the flow from serving; a warning does not.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The flow still serves; the operator should look.</summary>
    Warning,

    /// <summary>The flow is refused; the last good version keeps serving.</summary>
    Error,
}
