using Helpline.Server.Alerts;
using Helpline.Server.Callers;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Dashboard.Pages.Supervisor;

/// <summary>What the alerts section shows first: the banners in force (then kept live by the page's script), and every alert's definition with its threshold.</summary>
/// <param name="Banners">The alerts in force, from this instance's last judgement.</param>
/// <param name="Definitions">Every alert's title and definition, in the page's order.</param>
public sealed record AlertsView(IReadOnlyList<AlertBanner> Banners, IReadOnlyList<(string Title, string Definition)> Definitions)
{
    /// <summary>The view for the page answering <paramref name="context"/>.</summary>
    public static AlertsView For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<AlertsOptions>>().Value;
        var limit = services.GetRequiredService<IOptions<CallersOptions>>().Value.MaxCallsPerHour;
        return new AlertsView(
            services.GetRequiredService<AlertBoard>().Banners,
            AlertKinds.All.Select(kind => (FrenchText.AlertTitle(kind), FrenchText.AlertDefinition(kind, options, limit))).ToList());
    }
}
