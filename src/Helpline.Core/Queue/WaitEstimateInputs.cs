namespace Helpline.Core.Queue;

/// <summary>
/// What <see cref="WaitEstimate.For"/> needs to judge one waiting caller's wait: where she is, who can come, what this
/// line's recent calls took, and how long the flow still lets her wait.
/// </summary>
/// <param name="Position">Her place among the callers waiting, 1 for the next to be offered.</param>
/// <param name="WorkersComing">
/// Social workers who will take a caller now or after their current call: available, ringing, on a call or in wrap-up,
/// and not due to pause or go offline after it. Paused and offline workers do not count.
/// </param>
/// <param name="History">
/// Recent answered calls of this line (any order; the store gives at most <see cref="WaitEstimate.MaximumHistory"/>, the
/// most recent first). Calls that ended before <see cref="WaitEstimate.Window"/> are not used, nor durations that are not
/// a positive number of seconds.
/// </param>
/// <param name="Now">The service clock's time (what the window is counted back from).</param>
/// <param name="SecondsBeforeOverflow">
/// How long the flow still lets her wait (its <c>max-wait-seconds</c> less what she has waited), or null when there is no
/// such limit: an estimate that reaches past it would promise a conversation the flow will not wait for.
/// </param>
public sealed record WaitEstimateInputs(int Position, int WorkersComing, IReadOnlyList<HandledCall> History, DateTimeOffset Now, double? SecondsBeforeOverflow = null);
