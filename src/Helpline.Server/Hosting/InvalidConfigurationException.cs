namespace Helpline.Server.Hosting;

/// <summary>
/// A configuration the service cannot start with — a key with a bad value, a call flow with errors, a journal folder it
/// cannot write: the operator's to fix, not a bug. <c>Program</c> prints each of <see cref="Problems"/> as one plain line
/// (no stack trace, which would bury the line an operator needs) and exits with <see cref="StartupFailure.ExitCode"/>.
/// Anything else that stops the start is treated as a bug and keeps its stack trace.
/// </summary>
internal sealed class InvalidConfigurationException : Exception
{
    /// <summary>One problem per line, each naming its configuration key (or file) and what is expected.</summary>
    public InvalidConfigurationException(IEnumerable<string> problems)
        : this(problems?.ToList() ?? throw new ArgumentNullException(nameof(problems)), null)
    {
    }

    /// <summary>One problem, naming its configuration key and what is expected.</summary>
    public InvalidConfigurationException(string message)
        : this([message], null)
    {
    }

    /// <summary>One problem found by an operation that failed with <paramref name="innerException"/> (kept for debuggers, never printed).</summary>
    public InvalidConfigurationException(string message, Exception? innerException)
        : this([message], innerException)
    {
    }

    /// <summary>Required by the exception pattern; says nothing useful, so prefer the other constructors.</summary>
    public InvalidConfigurationException()
        : this(["the configuration is invalid"], null)
    {
    }

    private InvalidConfigurationException(List<string> problems, Exception? innerException)
        : base(string.Join(Environment.NewLine, problems), innerException)
    {
        Problems = problems;
    }

    /// <summary>The problems, one line each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
