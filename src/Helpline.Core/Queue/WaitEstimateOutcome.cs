namespace Helpline.Core.Queue;

/// <summary>What <see cref="WaitEstimate.For"/> decided: a range to speak, or none and why.</summary>
/// <param name="Estimate">The range in whole minutes, or null when none may be spoken.</param>
/// <param name="Reason">Why (<see cref="WaitEstimateReason.Trustworthy"/> exactly when <paramref name="Estimate"/> is given).</param>
public sealed record WaitEstimateOutcome(WaitEstimate? Estimate, WaitEstimateReason Reason);
