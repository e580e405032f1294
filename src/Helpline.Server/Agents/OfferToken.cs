using System.Globalization;
using System.Text;
using Helpline.Data.Routing;
using Helpline.Server.Voice;

namespace Helpline.Server.Agents;

/// <summary>
/// What the worker's leg needs, carried in the URLs we hand the provider for an offer (<c>/voice/agent</c>, its
/// whisper and its outcome), so a caller given to a worker is still connected when PostgreSQL is down or slow: the
/// worker, their phone, the caller's menu choice and arrival, and the caller's step token. The provider signs these
/// URLs when it calls back, so none can be altered. A worker's professional phone is not a caller's number; no caller
/// number ever travels here.
/// </summary>
/// <param name="WorkerId">The worker offered the call.</param>
/// <param name="WorkerPhone">Their phone (E.164), or null in URLs from an older build (then read from the database).</param>
/// <param name="MenuChoice">The keys that led the caller to the queue, or null.</param>
/// <param name="JoinedAt">When the caller joined the queue (whole seconds), or null when unknown.</param>
/// <param name="Step">The caller's step token, or null when unknown (then read from the call's row).</param>
public sealed record OfferToken(int WorkerId, string? WorkerPhone, string? MenuChoice, DateTimeOffset? JoinedAt, StepToken? Step)
{
    /// <summary>The offer of <paramref name="assignment"/>.</summary>
    public static OfferToken From(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var position = assignment.Position;
        return new OfferToken(assignment.WorkerId, assignment.WorkerPhone, assignment.MenuChoice, assignment.JoinedAt,
            position is null ? null : new StepToken(position.FlowHash, position.State, position.Step, position.Attempt));
    }

    /// <summary>The query string (without '?'): <c>w</c>, <c>p</c>, <c>m</c>, <c>j</c>, then the step token's keys.</summary>
    public string ToQuery()
    {
        var query = new StringBuilder("w=").Append(WorkerId.ToString(CultureInfo.InvariantCulture));
        if (WorkerPhone is not null)
        {
            query.Append("&p=").Append(Uri.EscapeDataString(WorkerPhone));
        }

        if (MenuChoice is not null)
        {
            query.Append("&m=").Append(Uri.EscapeDataString(MenuChoice));
        }

        if (JoinedAt is { } joined)
        {
            query.Append("&j=").Append(joined.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        if (Step is not null)
        {
            query.Append('&').Append(Step.ToQuery());
        }

        return query.ToString();
    }

    /// <summary>
    /// Reads an offer from a request's query; null when the worker is missing or malformed. Optional parts that are
    /// malformed read as absent (the handler then asks the database), so a damaged URL never breaks a call that a
    /// database read could still save.
    /// </summary>
    public static OfferToken? From(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!int.TryParse(query["w"], NumberStyles.None, CultureInfo.InvariantCulture, out var worker) || worker < 1)
        {
            return null;
        }

        var phone = query["p"].ToString();
        var choice = query["m"].ToString();
        DateTimeOffset? joined = long.TryParse(query["j"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        return new OfferToken(
            worker,
            IsPhone(phone) ? phone : null,
            choice.Length is > 0 and <= 32 && choice.All(c => char.IsAsciiDigit(c) || c is '*' or '#') ? choice : null,
            joined,
            StepToken.From(query));
    }

    /// <summary>Seconds the caller had waited at <paramref name="now"/>, or null when the arrival is unknown.</summary>
    public int? WaitedSeconds(DateTimeOffset now) => JoinedAt is { } joined ? (int)Math.Max(0, (now - joined).TotalSeconds) : null;

    private static bool IsPhone(string value) => value.Length is >= 9 and <= 16 && value[0] == '+' && value[1] is >= '1' and <= '9' && value.Skip(1).All(char.IsAsciiDigit);
}
