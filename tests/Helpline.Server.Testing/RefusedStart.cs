namespace Helpline.Server.Testing;

/// <summary>How a server process that refused to start ended: its exit code and what it printed, line by line.</summary>
public sealed record RefusedStart(int ExitCode, IReadOnlyList<string> StandardOutput, IReadOnlyList<string> StandardError)
{
    /// <summary>Everything printed, for failure messages.</summary>
    public string Output => string.Join("\n", ["--- stdout", .. StandardOutput, "--- stderr", .. StandardError]);

    /// <summary>Lines that look like a stack frame ("   at Namespace.Type.Method(…)") or an unhandled exception's header.</summary>
    public IReadOnlyList<string> StackTraceLines => StandardOutput.Concat(StandardError)
        .Where(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) && l.StartsWith("   ", StringComparison.Ordinal)
            || l.Contains("Unhandled exception", StringComparison.Ordinal) || l.Contains("--- End of", StringComparison.Ordinal))
        .ToList();
}
