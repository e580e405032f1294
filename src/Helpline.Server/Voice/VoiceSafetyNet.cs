using Helpline.Core.Flows.Execution;
using Helpline.Server.Hosting;

namespace Helpline.Server.Voice;

/// <summary>
/// The last line of defence for callers: any unexpected failure while answering a <c>/voice</c> webhook is answered
/// with the flow's emergency TwiML (the emergency numbers and a transfer to the fallback line) instead of a 500, which
/// the provider would turn into its own error message — or silence. Other routes are left to the normal error handling.
/// A body over the size limit is let through to <see cref="RequestSizeLimit"/>, which answers 413. The worker's
/// leg (<see cref="VoiceRoutes.Whisper"/>) is answered with an empty document instead: the worker is connected.
/// </summary>
internal sealed partial class VoiceSafetyNet(RequestDelegate next, FlowRegistry flows, TwimlRenderer renderer, Callers.CallerIdPolicy callerIds, ILogger<VoiceSafetyNet> logger)
{
    /// <summary>Runs the request, catching failures on voice routes.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.StartsWithSegments("/voice", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted && !RequestSizeLimit.IsTooLarge(ex))
        {
            LogFailure(logger, ex, context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/xml; charset=utf-8";
            // The whisper runs on the worker's phone: never the caller's emergency TwiML there (it would send the worker
            // to the fallback line); an empty answer connects the worker to the caller without a whisper.
            var answer = context.Request.Path.StartsWithSegments(VoiceRoutes.Whisper, StringComparison.Ordinal)
                ? TwimlRenderer.Empty()
                : renderer.Render(flows.Current, flows.Current.EmergencyFallback(), token: null, TransferCallerId(context));
            await context.Response.WriteAsync(answer, context.RequestAborted);
        }
    }

    /// <summary>The fallback transfer's caller ID, from the form when it was read before the failure (a withheld number gets the helpline's).</summary>
    private string? TransferCallerId(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form is { } form
            ? callerIds.ForTransfer(form["From"].ToString(), form["To"].ToString())
            : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure answering {Path}: the caller got the emergency message and the fallback transfer")]
    private static partial void LogFailure(ILogger logger, Exception ex, PathString path);
}
