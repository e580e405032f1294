namespace Helpline.Data.Callbacks;

/// <summary>What an attempt that did not reach the caller did to her request.</summary>
public enum CallbackAttemptResult
{
    /// <summary>She was reached: the request ended as reached (the number erased), the worker is in wrap-up.</summary>
    Reached,

    /// <summary>Another attempt will be made later in her window (not before the retry time), keeping her place.</summary>
    Retry,

    /// <summary>The attempts allowed are spent: the request ended as not reached (the number erased).</summary>
    NotReached,

    /// <summary>Her window ends before another attempt could be made: the request ended as expired (the number erased).</summary>
    Expired,

    /// <summary>Nothing current (already decided, or cancelled meanwhile).</summary>
    NotCurrent,
}
