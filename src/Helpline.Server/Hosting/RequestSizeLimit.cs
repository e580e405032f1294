using Microsoft.Extensions.Options;

namespace Helpline.Server.Hosting;

/// <summary>
/// Answers 413 with a problem body to any request whose body is larger than <see cref="LimitsOptions.MaxBodyBytes"/>:
/// at once when Content-Length says so, or as soon as a chunked body passes the limit. It sits outside
/// <see cref="Voice.VoiceSafetyNet"/>, which lets this one failure through: an oversized body is not a call the
/// provider made, so it gets a clear refusal rather than the emergency TwiML.
/// </summary>
internal sealed partial class RequestSizeLimit(RequestDelegate next, IOptions<LimitsOptions> options, ILogger<RequestSizeLimit> logger)
{
    /// <summary>Runs the request with its body limited.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limit = options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await RejectAsync(context, limit);
            return;
        }

        var original = context.Request.Body;
        context.Request.Body = new SizeLimitedStream(original, limit);
        try
        {
            await next(context);
        }
        catch (Exception ex) when (IsTooLarge(ex) && !context.Response.HasStarted)
        {
            await RejectAsync(context, limit);
        }
        finally
        {
            context.Request.Body = original;
        }
    }

    /// <summary>True when <paramref name="exception"/> (or one it wraps) is a body-too-large refusal, ours or Kestrel's.</summary>
    public static bool IsTooLarge(Exception? exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }

    private async Task RejectAsync(HttpContext context, long limit)
    {
        LogTooLarge(logger, context.Request.Path, limit);
        context.Response.Clear();
        await TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large",
            detail: $"The body is larger than {limit} bytes (Helpline:Limits:MaxBodyBytes); a webhook form is far smaller.")
            .ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request to {Path}: body larger than {Limit} bytes")]
    private static partial void LogTooLarge(ILogger logger, PathString path, long limit);
}
