using System.Globalization;
using System.Text;
using static Helpline.Server.Dashboard.Pages.DashboardHtml;

namespace Helpline.Server.Dashboard.Charts;

/// <summary>
/// Charts drawn on the server as SVG: no chart library, no CDN, nothing for the browser to download or run, and they
/// print. Each chart carries its figures as a table behind a "Données" disclosure, for screen readers and for
/// anyone who wants the numbers.
/// </summary>
internal static class SvgChart
{
    private const int Width = 640;
    private const int Height = 220;
    private const int Left = 36;
    private const int Bottom = 28;
    private const int Top = 10;

    /// <summary>The colours of stacked segments, in order (readable on white, distinguishable without red/green).</summary>
    private static readonly string[] Palette = ["#1f5fa8", "#e0a100", "#6b4fa0", "#2a9d8f", "#c0392b", "#7f8c8d", "#8d5524", "#34495e"];

    /// <summary>A vertical bar chart of counts.</summary>
    public static string Bars(string id, string title, IReadOnlyList<(string Label, int Value)> data, int labelEvery = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        var max = NiceMax(data.Count == 0 ? 0 : data.Max(d => d.Value));
        var plotWidth = Width - Left - 8;
        var plotHeight = Height - Top - Bottom;
        var step = data.Count == 0 ? plotWidth : (double)plotWidth / data.Count;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\"><figcaption id=\"{id}-titre\">{H(title)}</figcaption>")
           .Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-titre\" preserveAspectRatio=\"xMidYMid meet\">");
        for (var tick = 0; tick <= 4; tick++)
        {
            var value = max * tick / 4;
            var y = Top + plotHeight - (plotHeight * tick / 4.0);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - 8}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#d0d4da\" stroke-width=\"1\"/>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"11\" fill=\"#444\">{value}</text>");
        }

        for (var i = 0; i < data.Count; i++)
        {
            var (label, value) = data[i];
            var height = max == 0 ? 0 : plotHeight * value / (double)max;
            var x = Left + (i * step) + (step * 0.15);
            var y = Top + plotHeight - height;
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{step * 0.7:0.#}\" height=\"{height:0.#}\" fill=\"#1f5fa8\"><title>{H(label)} : {value}</title></rect>");
            if (i % labelEvery == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (step * 0.35):0.#}\" y=\"{Height - 10}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#444\">{H(label)}</text>");
            }
        }

        svg.Append("</svg>").Append(Table(["", "Appels"], data.Select(d => new[] { d.Label, d.Value.ToString(CultureInfo.InvariantCulture) }))).Append("</figure>");
        return svg.ToString();
    }

    /// <summary>Horizontal stacked bars: one row per group, one segment per series (with a legend).</summary>
    public static string Stacked(string id, string title, IReadOnlyList<string> groups, IReadOnlyList<string> series, Func<string, string, int> value)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(value);
        const int rowHeight = 26;
        const int labelWidth = 120;
        var legendRows = (series.Count + 2) / 3;
        var height = Top + (groups.Count * rowHeight) + 10 + (legendRows * 18);
        var totals = groups.Select(g => series.Sum(s => value(g, s))).ToList();
        var max = Math.Max(1, totals.DefaultIfEmpty(0).Max());
        var plotWidth = Width - labelWidth - 48;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\"><figcaption id=\"{id}-titre\">{H(title)}</figcaption>")
           .Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{id}-titre\">");
        for (var g = 0; g < groups.Count; g++)
        {
            var y = Top + (g * rowHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{y + 16}\" text-anchor=\"end\" font-size=\"12\" fill=\"#222\">{H(groups[g])}</text>");
            double x = labelWidth;
            for (var s = 0; s < series.Count; s++)
            {
                var v = value(groups[g], series[s]);
                if (v == 0)
                {
                    continue;
                }

                var w = plotWidth * v / (double)max;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y + 3}\" width=\"{w:0.#}\" height=\"{rowHeight - 8}\" fill=\"{Palette[s % Palette.Length]}\"><title>{H(groups[g])} — {H(series[s])} : {v}</title></rect>");
                x += w;
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 4:0.#}\" y=\"{y + 16}\" font-size=\"12\" fill=\"#222\">{totals[g]}</text>");
        }

        var legendTop = Top + (groups.Count * rowHeight) + 10;
        for (var s = 0; s < series.Count; s++)
        {
            var x = 8 + (s % 3 * 210);
            var y = legendTop + (s / 3 * 18);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{Palette[s % Palette.Length]}\"/>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 16}\" y=\"{y + 10}\" font-size=\"11\" fill=\"#222\">{H(series[s])}</text>");
        }

        svg.Append("</svg>")
           .Append(Table(["Choix du menu", .. series], groups.Select(g => new[] { g }.Concat(series.Select(s => value(g, s).ToString(CultureInfo.InvariantCulture))).ToArray())))
           .Append("</figure>");
        return svg.ToString();
    }

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

    private static string Table(IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        var html = new StringBuilder("<details><summary>Données</summary><table><thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th scope=\"col\">").Append(H(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                html.Append(i == 0 ? "<th scope=\"row\">" : "<td>").Append(H(row[i])).Append(i == 0 ? "</th>" : "</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table></details>").ToString();
    }
}
