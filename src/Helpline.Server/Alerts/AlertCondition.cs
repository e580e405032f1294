using System.Text.Json;

namespace Helpline.Server.Alerts;

/// <summary>
/// An alert condition found true by one judgement, with what was measured (for the page's message and the stored
/// <c>measure</c>). Never a caller's number or hash: a burst says how many calls, not from whom.
/// </summary>
/// <param name="Kind">One of <see cref="AlertKinds"/>.</param>
/// <param name="Count">A count: calls from one caller, abandons, journal entries; null when the kind has none.</param>
/// <param name="Total">What <paramref name="Count"/> is out of (callers who left the queue); null when none.</param>
/// <param name="Seconds">A duration: the oldest caller's wait; null when none.</param>
internal sealed record AlertCondition(string Kind, int? Count = null, int? Total = null, int? Seconds = null)
{
    /// <summary>The measure as stored (<c>{"count":7}</c>), or null when nothing was measured.</summary>
    public string? MeasureJson()
    {
        var measure = new Dictionary<string, int>();
        if (Count is { } count)
        {
            measure["count"] = count;
        }

        if (Total is { } total)
        {
            measure["total"] = total;
        }

        if (Seconds is { } seconds)
        {
            measure["seconds"] = seconds;
        }

        return measure.Count == 0 ? null : JsonSerializer.Serialize(measure);
    }
}
