using System.Globalization;

namespace Helpline.Server.Dashboard.Charts;

/// <summary>
/// The measures the SVG charts share (<see cref="BarChart"/>, <see cref="StackedBarChart"/>): charts drawn on the
/// server, so there is no chart library, no CDN, nothing for the browser to download or run, and they print.
/// </summary>
internal static class ChartGeometry
{
    public const int Width = 640;
    public const int Height = 220;
    public const int Left = 36;
    public const int Bottom = 28;
    public const int Top = 10;

    /// <summary>The colours of stacked segments, in order (readable on white, distinguishable without red/green).</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#1f5fa8", "#e0a100", "#6b4fa0", "#2a9d8f", "#c0392b", "#7f8c8d", "#8d5524", "#34495e"];

    /// <summary>A coordinate as SVG reads it: invariant culture, one decimal at most.</summary>
    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A round upper bound for an axis (1, 2, 5 × 10ⁿ), at least 4 so the ticks are whole numbers.</summary>
    public static int NiceMax(int max)
    {
        if (max <= 4)
        {
            return 4;
        }

        var magnitude = (int)Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var factor in new[] { 1, 2, 4, 5, 8, 10 })
        {
            if (factor * magnitude >= max && factor * magnitude % 4 == 0)
            {
                return factor * magnitude;
            }
        }

        return 10 * magnitude;
    }
}
