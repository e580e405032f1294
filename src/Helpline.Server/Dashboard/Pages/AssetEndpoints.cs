using System.Reflection;

namespace Helpline.Server.Dashboard.Pages;

/// <summary>
/// The dashboard's only script and style sheet, built into the assembly and served from <c>/assets/</c>: the
/// content-security policy allows scripts from our own origin only, so nothing is inline and nothing comes from a CDN.
/// </summary>
internal static class AssetEndpoints
{
    private static readonly byte[] Script = Read("dashboard.js");
    private static readonly byte[] Style = Read("dashboard.css");

    /// <summary>Maps the routes.</summary>
    public static void MapDashboardAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/dashboard.js", (HttpContext context) => Serve(context, Script, "text/javascript; charset=utf-8"));
        app.MapGet("/assets/dashboard.css", (HttpContext context) => Serve(context, Style, "text/css; charset=utf-8"));
    }

    private static IResult Serve(HttpContext context, byte[] content, string type)
    {
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(content, type);
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the dashboard asset {name} is missing from the assembly");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
