namespace Helpline.Server.Observability;

/// <summary>
/// The kinds of <c>helpline.alerts.raised</c> (its <c>alert</c> label). Raise one with
/// <c>metrics.AlertRaised(AlertKinds.…)</c> (<see cref="HelplineMetrics.AlertRaised"/>); a new kind is a constant here
/// and a line in the README's "Watching it".
/// </summary>
internal static class AlertKinds
{
    /// <summary>Callers are waiting and no social worker can come (everyone paused, offline, or due to pause): they overflow after the short grace.</summary>
    public const string NobodyCanCome = "nobody-can-come";

    /// <summary>A social worker was paused by the router after missing offers in a row (autopause).</summary>
    public const string WorkerAutoPaused = "worker-autopaused";
}
