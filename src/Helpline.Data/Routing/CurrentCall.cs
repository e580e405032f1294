namespace Helpline.Data.Routing;

/// <summary>A worker's call as their page shows it: the menu choice, the caller's wait and tags, never a phone number.</summary>
/// <param name="CallSid">The caller's call.</param>
/// <param name="MenuChoice">The keys that led the caller to the queue, or null.</param>
/// <param name="WaitSeconds">How long the caller waited.</param>
/// <param name="Tags">The caller's tags (e.g. <c>ne-peut-pas-parler</c>), in the order set.</param>
public sealed record CurrentCall(string CallSid, string? MenuChoice, int WaitSeconds, IReadOnlyList<string> Tags)
{
    /// <summary>For a call-back's turn (issue 13): the request's number ("rappel n° 12"), else null.</summary>
    public int? CallbackId { get; init; }

    /// <summary>For a call-back's turn: the window she agreed to.</summary>
    public (DateTimeOffset From, DateTimeOffset To)? CallbackWindow { get; init; }
}
