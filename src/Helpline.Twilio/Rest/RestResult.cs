namespace Helpline.Twilio.Rest;

/// <summary>The result of a REST call: outcome, HTTP status, and the provider's error code and message when it failed.</summary>
/// <param name="Outcome">What was achieved.</param>
/// <param name="StatusCode">HTTP status, or null when no answer came (timeout, connection refused).</param>
/// <param name="ErrorCode">The provider's error code (e.g. 21220), when given.</param>
/// <param name="Message">The provider's or the transport's message.</param>
public sealed record RestResult(RestOutcome Outcome, int? StatusCode, int? ErrorCode, string? Message);
