using Helpline.Core.Flows.Execution;
using Helpline.Server.Dashboard.Pages.Supervisor;
using Helpline.Server.Hours;
using Microsoft.AspNetCore.Mvc;

namespace Helpline.Server.Dashboard.Pages;

/// <summary>
/// The hours override from the supervisors' page: <c>POST /supervision/horaires</c> sets it (open or closed, until a
/// Paris time, a reason), <c>POST /supervision/horaires/lever</c> lifts it. Supervisors only (the group's policy), with
/// the antiforgery token like every form; each change is stored with the supervisor's login and logged
/// (<see cref="HoursOverrideService"/>). A refused form is shown again on the page with each problem next to its field.
/// </summary>
internal static class HoursOverrideEndpoints
{
    /// <summary>Maps the routes on the supervisors' group; <paramref name="page"/> is the page's own handler, used to show a refused form again.</summary>
    public static void MapHoursOverrideForm(this RouteGroupBuilder group, Delegate page)
    {
        ArgumentNullException.ThrowIfNull(group);
        // The page's handler as a request delegate, its services bound as for its own route: a refused form is answered
        // with the whole page (the form as typed, its errors beside the fields), not a redirect that would lose what was typed.
        var render = RequestDelegateFactory.Create(page, new RequestDelegateFactoryOptions { ServiceProvider = ((IEndpointRouteBuilder)group).ServiceProvider }).RequestDelegate;
        group.MapPost("/horaires", ([FromForm] HoursOverrideForm form, HttpContext context, HoursOverrideService overrides, FlowRegistry flows, TimeProvider time, CancellationToken ct) =>
            SetAsync(form, context, overrides, flows, time, render, ct));
        group.MapPost("/horaires/lever", LiftAsync);
    }

    private static async Task<IResult> SetAsync(
        HoursOverrideForm form, HttpContext context, HoursOverrideService overrides, FlowRegistry flows, TimeProvider time, RequestDelegate render, CancellationToken ct)
    {
        var value = form.Check(flows.Current.Definition.Calendar.Zone, time.GetUtcNow(), context.User.Identity?.Name);
        if (value is null)
        {
            context.Items[HoursOverrideForm.ItemKey] = form;
            context.Response.OnStarting(static state =>
            {
                ((HttpResponse)state).StatusCode = StatusCodes.Status400BadRequest;
                return Task.CompletedTask;
            }, context.Response);
            await render(context);
            return Results.Empty;
        }

        await overrides.SetAsync(value, ct);
        return Results.Redirect("/supervision?info=derogation-posee#horaires");
    }

    private static async Task<IResult> LiftAsync([FromForm] IFormCollection form, HttpContext context, HoursOverrideService overrides, CancellationToken ct)
    {
        _ = form; // binding the form is what makes the antiforgery check run on this endpoint
        var lifted = await overrides.ClearAsync(context.User.Identity?.Name, ct);
        return Results.Redirect("/supervision?info=" + (lifted ? "derogation-levee" : "aucune-derogation") + "#horaires");
    }
}
