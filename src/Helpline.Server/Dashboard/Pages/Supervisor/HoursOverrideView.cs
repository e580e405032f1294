using Helpline.Core.Calendar;
using Helpline.Core.Flows.Execution;
using Helpline.Data.Hours;
using Helpline.Server.Hours;

namespace Helpline.Server.Dashboard.Pages.Supervisor;

/// <summary>What the hours override panel shows: the line's state now, the override in force (read from PostgreSQL, so whichever instance set it), and the form as typed.</summary>
/// <param name="Status">Open or closed now, and why.</param>
/// <param name="Active">The override in force, or null (an expired one is not shown).</param>
/// <param name="Form">The form: empty, or as typed with what is wrong when it was refused.</param>
/// <param name="Now">The service's clock (for the errors that quote it).</param>
public sealed record HoursOverrideView(OpeningStatus Status, StoredHoursOverride? Active, HoursOverrideForm Form, DateTimeOffset Now)
{
    /// <summary>The panel's view for the page answering <paramref name="context"/> (a refused form left in its items is shown again).</summary>
    public static async Task<HoursOverrideView> ForPageAsync(HttpContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var stored = await services.GetRequiredService<HoursOverrideStore>().GetAsync(ct);
        var active = stored is not null && stored.Until > now ? stored : null;
        var status = services.GetRequiredService<FlowRegistry>().Current.Definition.Calendar.Evaluate(now, active is null ? null : HoursOverrideService.ToCalendar(active));
        var form = context.Items.TryGetValue(HoursOverrideForm.ItemKey, out var refused) && refused is HoursOverrideForm typed ? typed : new HoursOverrideForm();
        return new HoursOverrideView(status, active, form, now);
    }
}
