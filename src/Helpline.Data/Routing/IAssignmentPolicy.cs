namespace Helpline.Data.Routing;

/// <summary>
/// Which available worker gets the next caller. A policy is an ordering of the available workers, applied inside the
/// assignment's single <c>SKIP LOCKED</c> transaction, so any policy keeps the multi-instance guarantees.
/// </summary>
public interface IAssignmentPolicy
{
    /// <summary>The policy's configuration name.</summary>
    string Name { get; }

    /// <summary>The SQL <c>ORDER BY</c> list over <c>workers</c> columns; the first row is offered the call.</summary>
    string WorkerOrder { get; }
}
