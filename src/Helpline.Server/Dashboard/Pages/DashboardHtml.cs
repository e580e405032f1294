using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using Helpline.Data.Accounts;
using Microsoft.AspNetCore.Antiforgery;

namespace Helpline.Server.Dashboard.Pages;

/// <summary>
/// The pages' shared frame, written as plain HTML strings: a handful of small pages do not need a view engine, every
/// value goes through <see cref="H"/>, and the pages stay fast on a phone (one CSS and one script file, both ours).
/// </summary>
internal static class DashboardHtml
{
    /// <summary>HTML-encodes a value for text or a quoted attribute.</summary>
    public static string H(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);

    /// <summary>The hidden antiforgery field every form carries.</summary>
    public static string Token(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{H(tokens.FormFieldName)}\" value=\"{H(tokens.RequestToken)}\">";
    }

    /// <summary>A whole page: the header (who is signed in, the way out), the notice of the last action, then the body.</summary>
    public static IResult Page(HttpContext context, string title, string body, string? notice = null, int statusCode = StatusCodes.Status200OK, string? live = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(H(title)).Append(" · ").Append(H(FrenchText.AppName)).Append("</title>")
            .Append("<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">")
            .Append("<script src=\"/assets/dashboard.js\" defer></script></head>")
            .Append("<body").Append(live is null ? string.Empty : $" data-live=\"{H(live)}\"").Append('>')
            .Append("<a class=\"skip\" href=\"#contenu\">Aller au contenu</a><header><p class=\"brand\">").Append(H(FrenchText.AppName)).Append("</p>");
        if (user.Identity?.IsAuthenticated == true)
        {
            html.Append("<nav aria-label=\"Navigation principale\"><ul>");
            if (user.IsInRole(AccountRoles.Worker))
            {
                html.Append("<li><a href=\"/poste\">Mon poste</a></li>");
            }

            if (user.IsInRole(AccountRoles.Supervisor))
            {
                html.Append("<li><a href=\"/supervision\">Supervision</a></li>");
            }

            html.Append("</ul></nav><form method=\"post\" action=\"/deconnexion\" class=\"signout\">").Append(Token(context))
                .Append("<span>").Append(H(user.Identity.Name)).Append("</span> <button type=\"submit\">Se déconnecter</button></form>");
        }

        html.Append("</header><main id=\"contenu\" tabindex=\"-1\"><h1>").Append(H(title)).Append("</h1>");
        if (notice is not null)
        {
            html.Append("<p class=\"notice\" role=\"status\">").Append(H(notice)).Append("</p>");
        }

        html.Append(body).Append("</main></body></html>");
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    /// <summary>The user's display name claim.</summary>
    public static string? Name(ClaimsPrincipal user) => user?.Identity?.Name;
}
