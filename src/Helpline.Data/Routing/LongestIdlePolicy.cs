namespace Helpline.Data.Routing;

/// <summary>The default: the worker available for the longest time (fair over a day, like Asterisk's leastrecent).</summary>
public sealed class LongestIdlePolicy : IAssignmentPolicy
{
    /// <inheritdoc />
    public string Name => "longest-idle";

    /// <inheritdoc />
    public string WorkerOrder => "idle_since nulls first, id";
}
