using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Components;

namespace Helpline.Server.Dashboard.Pages;

/// <summary>
/// How an endpoint answers with a page: the page's Razor component, rendered on the server (static rendering, no
/// circuit, no script of Blazor's), with its status code, and never kept by a cache — a page shows callers waiting and
/// carries a form token.
/// </summary>
internal static class DashboardPage
{
    /// <summary>The page <typeparamref name="TPage"/> with <paramref name="parameters"/> (by the component's property names).</summary>
    public static RazorComponentResult<TPage> Render<TPage>(HttpContext context, IReadOnlyDictionary<string, object?> parameters, int statusCode = StatusCodes.Status200OK)
        where TPage : IComponent
    {
        ArgumentNullException.ThrowIfNull(context);
        // Set when the headers leave: antiforgery marks the answer "no-cache, no-store" while the page is rendered (it
        // writes a token), so every page says the same whichever forms it has. Blazor's enhanced-navigation header is for
        // its own script, which these pages never load.
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.CacheControl = "no-store";
            headers.Remove("blazor-enhanced-nav");
            return Task.CompletedTask;
        }, context.Response);
        return new RazorComponentResult<TPage>(parameters) { StatusCode = statusCode };
    }

    /// <summary>A <see cref="RefusalPage"/>.</summary>
    public static RazorComponentResult<RefusalPage> Refusal(
        HttpContext context, string title, string message, int statusCode, string? linkHref = null, string? linkText = null, bool alert = false) =>
        Render<RefusalPage>(context, new Dictionary<string, object?>
        {
            [nameof(RefusalPage.Title)] = title,
            [nameof(RefusalPage.Message)] = message,
            [nameof(RefusalPage.Alert)] = alert,
            [nameof(RefusalPage.LinkHref)] = linkHref,
            [nameof(RefusalPage.LinkText)] = linkText,
        }, statusCode);
}
