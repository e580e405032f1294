namespace Helpline.Data.Calls;

/// <summary>The result of <see cref="CallStore.AdvanceAsync"/>: applied, or the call as it stands (a repeated, stale or late webhook).</summary>
/// <param name="Applied">True when this webhook moved the call.</param>
/// <param name="Current">When not applied, the stored call (its <see cref="CallSnapshot.LastTwiml"/> is the answer to repeat), or null when the call is unknown; null when applied.</param>
/// <param name="AfterEnd">True when the step arrived after the call's end and was only recorded (an <c>after-end</c> event).</param>
public sealed record AdvanceResult(bool Applied, CallSnapshot? Current, bool AfterEnd = false)
{
    /// <summary>True when the step would have queued a caller who must first pass the keypad challenge: she was kept out of the queue and the stored answer is the challenge.</summary>
    public bool Challenged { get; init; }
}
