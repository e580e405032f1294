namespace Helpline.Data.Calls;

/// <summary>A call's new position after a webhook, the answer given, and the events that led there.</summary>
/// <param name="State">The new state.</param>
/// <param name="StepNumber">The new step number (the previous one plus one; 1 for a new call).</param>
/// <param name="MenuReplays">Replays of the current menu so far.</param>
/// <param name="Outcome">The call's outcome as of now, or null to keep the stored one.</param>
/// <param name="Twiml">The answer given, replayed if the provider repeats the webhook.</param>
/// <param name="At">When (the row's <c>updated_at</c> and every event's time).</param>
/// <param name="Events">The events to append, in order, each stored with <paramref name="StepNumber"/>; appended only if the change applies. The first is the webhook's own.</param>
/// <param name="Join">The queue this step puts the caller in, or null.</param>
/// <param name="Leave">The queue status this step gives a caller still waiting or offered (abandoned, overflowed), in the same statement; null to leave the entry alone.</param>
/// <param name="ReportsThePast">
/// True for a step that reports what happened while the call was live (a transfer's or a worker's dial outcome, the
/// queue's hang-up): it applies even when the call's end was recorded first. False for a step that asks for something
/// new (keys pressed, a queue left for the overflow): after the call's end it is only recorded as an
/// <c>after-end</c> event and changes nothing.
/// </param>
public sealed record CallAdvance(
    string State, int StepNumber, int MenuReplays, string? Outcome, string Twiml, DateTimeOffset At, IReadOnlyList<CallEventRecord> Events,
    QueueJoin? Join = null, bool ReportsThePast = false, string? Leave = null)
{
    /// <summary>Tags this step puts on the call, added to those it carries (never removed); empty for most steps.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// For a step that queues the caller (<see cref="Join"/>): the answer to give instead when she must first pass the
    /// keypad challenge (the statement decides, from the call row); null when the flow has no challenge.
    /// </summary>
    public string? ChallengeTwiml { get; init; }

    /// <summary>Her answer to the challenge, recorded by this step: <c>passed</c> (the join goes through) or <c>failed</c>; null otherwise.</summary>
    public string? ChallengeAnswer { get; init; }
}
