namespace Helpline.Core.Queue;

/// <summary>
/// One answered caller of this line's recent history, as a wait estimate needs it: how long she kept a social worker
/// busy, from the offer (the worker's phone starting to ring) to the end of the worker's wrap-up, and when that ended.
/// </summary>
/// <param name="EndedAt">When the worker was free again (the end of the conversation plus the wrap-up); the estimate's window is counted on it.</param>
/// <param name="Seconds">How long the worker was taken by this caller, in seconds (ring + conversation + wrap-up).</param>
public readonly record struct HandledCall(DateTimeOffset EndedAt, double Seconds);
