using Helpline.Data.Statistics;

namespace Helpline.Server.Dashboard.Charts;

/// <summary>The figures behind the supervisor page's four charts, as <see cref="StatisticsStore"/> computes them.</summary>
/// <param name="Today">The Paris day the charts end on.</param>
/// <param name="CallsPerHour">Calls offered today, hour by hour (24 values).</param>
/// <param name="CallsPerDay">Calls offered on each of the last 30 days (a missing day had none).</param>
/// <param name="Waits">Callers who left the queue in the last 30 days, by wait bucket (see <c>FrenchText.WaitBuckets</c>).</param>
/// <param name="Outcomes">Calls of the last 30 days by menu choice and outcome.</param>
public sealed record ChartFigures(
    DateOnly Today, IReadOnlyList<int> CallsPerHour, IReadOnlyDictionary<DateOnly, int> CallsPerDay, IReadOnlyList<int> Waits, IReadOnlyList<OutcomeByChoice> Outcomes);
