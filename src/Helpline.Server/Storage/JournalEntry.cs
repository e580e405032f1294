using Helpline.Data.Calls;

namespace Helpline.Server.Storage;

/// <summary>
/// One write kept on disk while the database was unavailable, replayed later through the same store method:
/// <c>start</c> (<see cref="CallStore.StartAsync"/>), <c>advance</c> (<see cref="CallStore.AdvanceAsync"/>),
/// <c>complete</c> (<see cref="CallStore.CompleteAsync"/>), <c>event</c> (<see cref="CallStore.AppendEventAsync"/>), and
/// for the worker's leg <c>picked-up</c> and <c>dial-outcome</c> (<see cref="OfferEntry"/>). Never holds a caller's
/// number in clear (only its keyed hash).
/// </summary>
/// <param name="Kind">start, advance, complete or event.</param>
/// <param name="CallSid">The call.</param>
/// <param name="Call">For start: the call.</param>
/// <param name="ExpectedStep">For advance: the step the webhook answered.</param>
/// <param name="Advance">For start and advance: the new position and its events.</param>
/// <param name="Completion">For complete: the status callback.</param>
/// <param name="Event">For event: the event.</param>
/// <param name="At">For event: when it happened.</param>
/// <param name="Offer">For picked-up and dial-outcome: the worker's leg.</param>
internal sealed record JournalEntry(
    string Kind,
    string CallSid,
    NewCall? Call = null,
    int? ExpectedStep = null,
    CallAdvance? Advance = null,
    CallCompletion? Completion = null,
    CallEventRecord? Event = null,
    DateTimeOffset? At = null,
    OfferEntry? Offer = null)
{
    /// <summary>A new call (its clear number, if storage was turned on, is left out: the journal is a plain file).</summary>
    public static JournalEntry Start(NewCall call, CallAdvance first)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(first);
        return new("start", call.CallSid, Call: call with { CallerNumber = null }, Advance: WithoutChallenge(first));
    }

    /// <summary>A step of a call.</summary>
    public static JournalEntry Step(string callSid, int expectedStep, CallAdvance next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new("advance", callSid, ExpectedStep: expectedStep, Advance: WithoutChallenge(next));
    }

    /// <summary>
    /// A journaled step was answered without the keypad challenge (the database could not say she had to pass it), so
    /// its replay must not keep her out of the queue she was put in.
    /// </summary>
    private static CallAdvance WithoutChallenge(CallAdvance advance) => advance.ChallengeTwiml is null ? advance : advance with { ChallengeTwiml = null };

    /// <summary>The end of a call.</summary>
    public static JournalEntry Complete(CallCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return new("complete", completion.CallSid, Completion: completion);
    }

    /// <summary>An event outside a step.</summary>
    public static JournalEntry Append(string callSid, CallEventRecord e, DateTimeOffset at) => new("event", callSid, Event: e, At: at);

    /// <summary>A worker picked up an offered call.</summary>
    public static JournalEntry PickedUp(string callSid, int workerId, int? offerNumber, DateTimeOffset at) => new("picked-up", callSid, Offer: new OfferEntry(workerId, at, OfferNumber: offerNumber));

    /// <summary>A worker's dial ended.</summary>
    public static JournalEntry DialEnded(string callSid, OfferEntry offer) => new("dial-outcome", callSid, Offer: offer);
}
