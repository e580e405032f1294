using Helpline.Core.Flows.Execution;
using Helpline.Core.Voice;

namespace Helpline.Server.Flows;

/// <summary>
/// Serves the recorded prompts under <c>/prompts/...</c> from the current flow's <c>prompts/</c> folder, so the provider
/// can fetch what <c>&lt;Play&gt;</c> names. Only the audio formats the provider plays, with the content types it
/// expects (<see cref="VoiceLimits.RecordingContentType"/>: the flow compiler plays no other), only inside that folder;
/// the provider caches them.
/// </summary>
internal static class PromptsApi
{
    /// <summary>Maps <c>GET /prompts/{**file}</c>.</summary>
    public static IEndpointRouteBuilder MapPromptsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/prompts/{**file}", Serve).WithTags("Prompts");
        return app;
    }

    private static IResult Serve(string file, FlowRegistry flows)
    {
        var root = Path.GetFullPath(flows.Current.PromptDirectory) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, file));
        if (!full.StartsWith(root, StringComparison.Ordinal) || !File.Exists(full)
            || VoiceLimits.RecordingContentType(full) is not { } type)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.PhysicalFile(full, type, enableRangeProcessing: true);
    }
}
