using Helpline.Data.Routing;
using Helpline.Server.Voice;

namespace Helpline.Server.Agents;

/// <summary>
/// What the worker's leg needs, carried in the URLs we hand the provider for an offer (<c>/voice/agent</c>, its
/// whisper and its outcome; see <see cref="VoiceRoutes"/>), so a caller given to a worker is still connected when
/// PostgreSQL is down or slow: the worker, their phone, the caller's menu choice and arrival, and the caller's step
/// token. The provider signs these URLs when it calls back, so none can be altered. A worker's professional phone is
/// not a caller's number; no caller number ever travels here.
/// </summary>
/// <param name="WorkerId">The worker offered the call.</param>
/// <param name="WorkerPhone">Their phone (E.164), or null in URLs from an older build (then read from the database).</param>
/// <param name="MenuChoice">The keys that led the caller to the queue, or null.</param>
/// <param name="JoinedAt">When the caller joined the queue (whole seconds), or null when unknown.</param>
/// <param name="Step">The caller's step token, or null when unknown (then read from the call's row).</param>
/// <param name="OfferNumber">This offer's ordinal for the caller, so a late webhook of an earlier offer is not taken for this one's; null in URLs of an older build.</param>
internal sealed record OfferToken(int WorkerId, string? WorkerPhone, string? MenuChoice, DateTimeOffset? JoinedAt, StepToken? Step, int? OfferNumber = null)
{
    /// <summary>The caller's tags (names only: what they say comes from the flow), or null in URLs of an older build (then read from the database).</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>The offer of <paramref name="assignment"/>.</summary>
    public static OfferToken From(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var position = assignment.Position;
        return new OfferToken(assignment.WorkerId, assignment.WorkerPhone, assignment.MenuChoice, assignment.JoinedAt,
            position is null ? null : new StepToken(position.FlowHash, position.State, position.StepNumber, position.MenuReplays), assignment.OfferNumber)
        {
            Tags = assignment.Tags,
        };
    }

    /// <summary>Seconds the caller had waited at <paramref name="now"/>, or null when the arrival is unknown.</summary>
    public int? WaitedSeconds(DateTimeOffset now) => JoinedAt is { } joined ? (int)Math.Max(0, (now - joined).TotalSeconds) : null;
}
