using Microsoft.AspNetCore.Diagnostics;

namespace Helpline.Server.Storage;

/// <summary>
/// A request outside <c>/voice</c> (the API, the pages' forms) that fails because PostgreSQL cannot be reached gets 503
/// with a problem body saying so and when to retry, instead of a bare 500: the supervisor or the script knows nothing was
/// changed and that trying again later is right. <c>/voice</c> never gets here (its safety net answers callers first).
/// </summary>
internal sealed partial class StorageFaultProblem(IProblemDetailsService problems, ILogger<StorageFaultProblem> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!Data.StorageFault.Is(exception))
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Path, exception);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "30";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database cannot be reached: nothing was changed. Try again in a moment.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: the database cannot be reached; answered 503")]
    private static partial void LogUnavailable(ILogger logger, PathString path, Exception ex);
}
