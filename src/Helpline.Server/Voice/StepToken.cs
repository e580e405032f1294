using System.Globalization;
using System.Text;
using Helpline.Core.Voice;

namespace Helpline.Server.Voice;

/// <summary>
/// The call's position as we hand it to the provider in the URLs of our answer (Gather/Dial/Enqueue actions), and as
/// it comes back with the next webhook: flow version, state, step number, menu replays. The provider signs the URL,
/// so it cannot be altered; the step number makes every webhook apply at most once (the database update requires it).
/// </summary>
/// <param name="FlowHash">The flow version's content hash.</param>
/// <param name="State">The state the call was in when this URL was issued.</param>
/// <param name="Step">The call's step counter when this URL was issued.</param>
/// <param name="Attempt">Menu replays so far.</param>
public sealed record StepToken(string FlowHash, string State, int Step, int Attempt)
{
    /// <summary>The query string (without '?').</summary>
    public string ToQuery()
    {
        var builder = new StringBuilder();
        builder.Append("f=").Append(Uri.EscapeDataString(FlowHash))
            .Append("&st=").Append(Uri.EscapeDataString(State))
            .Append("&s=").Append(Step.ToString(CultureInfo.InvariantCulture))
            .Append("&a=").Append(Attempt.ToString(CultureInfo.InvariantCulture));
        return builder.ToString();
    }

    /// <summary>
    /// Reads a token from a request's query; null when any part is missing or malformed. The bounds are the validator's
    /// (<see cref="VoiceLimits"/>), never tighter: every state name <c>validate</c> accepts comes back readable (it used
    /// to stop at 200 characters, and a call in a longer-named state got the emergency answer at its next key), and so
    /// does every replay count a menu reaches. Control characters are refused: no valid state name has one.
    /// </summary>
    public static StepToken? From(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var flow = query["f"].ToString();
        var state = query["st"].ToString();
        if (flow.Length is 0 or > 128 || state.Length is 0 or > VoiceLimits.MaxStateNameLength || flow.Any(char.IsControl) || !VoiceLimits.IsCarriable(state)
            || !int.TryParse(query["s"], NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1
            || !int.TryParse(query["a"], NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) || attempt > VoiceLimits.MaxAttempt)
        {
            return null;
        }

        return new StepToken(flow, state, step, attempt);
    }
}
