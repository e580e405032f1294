using Helpline.Core.Flows.Diagnostics;

namespace Helpline.Server.Flows;

/// <summary>What the last reload attempts did, for <c>/readyz</c> and the operators: the last refused change and why.</summary>
public sealed class FlowReloadStatus
{
    private volatile Rejection? _lastRejected;
    private long _rejected;

    /// <summary>The last change that was refused (the previous version kept serving), or null.</summary>
    public Rejection? LastRejected => _lastRejected;

    /// <summary>How many changes were refused since the start (the metric <c>helpline.flow.reloads.refused</c>).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Records a refused change.</summary>
    public void Reject(DateTimeOffset at, string hash, IReadOnlyList<FlowDiagnostic> errors)
    {
        _lastRejected = new Rejection(at, hash, errors.Select(e => e.ToString()).ToList());
        Interlocked.Increment(ref _rejected);
    }

    /// <summary>A refused change.</summary>
    /// <param name="At">When it was refused.</param>
    /// <param name="Hash">The refused file's content hash.</param>
    /// <param name="Errors">Its errors, as <c>validate</c> prints them.</param>
    public sealed record Rejection(DateTimeOffset At, string Hash, IReadOnlyList<string> Errors);
}
