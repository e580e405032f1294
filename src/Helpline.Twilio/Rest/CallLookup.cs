namespace Helpline.Twilio.Rest;

/// <summary>What the provider says about one call (<c>GET …/Calls/{Sid}.json</c>).</summary>
/// <param name="Outcome"><see cref="RestOutcome.Succeeded"/> with a status; <see cref="RestOutcome.CallGone"/> when the provider does not know the call (20404); <see cref="RestOutcome.Failed"/> when no answer could be had.</param>
/// <param name="Status">The provider's status: queued, ringing, in-progress, completed, busy, failed, no-answer or canceled.</param>
/// <param name="DurationSeconds">The call's duration once it has ended.</param>
/// <param name="Result">The HTTP status and error details, for the logs.</param>
public sealed record CallLookup(RestOutcome Outcome, string? Status, int? DurationSeconds, RestResult Result)
{
    /// <summary>True when the provider reports the call over (a final status): our row can be closed.</summary>
    public bool HasEnded => Status is "completed" or "busy" or "failed" or "no-answer" or "canceled";
}
