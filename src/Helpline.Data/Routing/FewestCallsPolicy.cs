namespace Helpline.Data.Routing;

/// <summary>The worker who answered the fewest calls (ties: longest idle), like Asterisk's fewestcalls.</summary>
public sealed class FewestCallsPolicy : IAssignmentPolicy
{
    /// <inheritdoc />
    public string Name => "fewest-calls";

    /// <inheritdoc />
    public string WorkerOrder => "calls_answered, idle_since nulls first, id";
}
