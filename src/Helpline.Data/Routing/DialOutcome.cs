namespace Helpline.Data.Routing;

/// <summary>
/// What the worker's <c>&lt;Dial&gt;</c> outcome says happened to an offer, as the routing store needs it. The provider's
/// own vocabulary (<c>DialCallStatus</c>, <c>DialBridged</c>, the caller's <c>CallStatus</c>) is turned into this by the
/// server, so the store knows no provider strings.
/// </summary>
public enum DialOutcome
{
    /// <summary>The two legs were bridged: the caller talked to the worker.</summary>
    Bridged,

    /// <summary>Not bridged, and the caller's call was already over (hung up while the worker's phone rang or during the whisper): not the worker's miss.</summary>
    CallerGone,

    /// <summary>Not bridged while the caller was still there (no answer, busy, failed, or the worker hung up during the whisper): the worker's miss.</summary>
    NotTaken,
}
