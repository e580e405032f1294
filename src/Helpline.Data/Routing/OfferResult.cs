namespace Helpline.Data.Routing;

/// <summary>What <see cref="RoutingStore.DialOutcomeAsync"/> did to the caller's queue entry.</summary>
public enum OfferResult
{
    /// <summary>The entry is now answered; the worker is in wrap-up.</summary>
    Answered,

    /// <summary>The entry is now abandoned (during the offer); the worker is free, with no miss counted.</summary>
    Abandoned,

    /// <summary>The caller is back at the front of the queue; the worker is counted a miss (and autopaused after enough).</summary>
    BackInQueue,

    /// <summary>The offer was no longer current (already resolved, taken back, or another worker's): nothing changed.</summary>
    NotCurrent,
}
