using Helpline.Data.Routing;

namespace Helpline.Server.Storage;

/// <summary>
/// A write of the worker's leg kept in the journal while the database was unavailable: the worker picked up
/// (<see cref="RoutingStore.WorkerPickedUpAsync"/>) or their dial ended (<see cref="RoutingStore.DialOutcomeAsync"/>).
/// Replayed like the call's own steps, in order and once (both writes only apply to an offer still current).
/// </summary>
/// <param name="WorkerId">The worker.</param>
/// <param name="At">When the webhook arrived.</param>
/// <param name="Outcome">For a dial outcome: what it said; null for a pick-up.</param>
/// <param name="AutoPauseAfter">For a dial outcome: misses in a row that pause a worker.</param>
/// <param name="WrapUpUntil">For a dial outcome: the end of the wrap-up if answered.</param>
/// <param name="TalkSeconds">For a dial outcome: the worker leg's duration, when known.</param>
/// <param name="OfferNumber">The offer's ordinal for the caller (from its URLs), or null for an older build's.</param>
internal sealed record OfferEntry(int WorkerId, DateTimeOffset At, DialOutcome? Outcome = null, int AutoPauseAfter = 0, DateTimeOffset? WrapUpUntil = null, int? TalkSeconds = null, int? OfferNumber = null);
