using Helpline.Twilio.Security;
using Microsoft.Extensions.Options;
using Helpline.Server.Hosting;

namespace Helpline.Server.Security;

/// <summary>
/// Checks <c>X-Twilio-Signature</c> on every <c>/voice</c> webhook before anything else runs: a request that the
/// provider did not sign with our auth token gets 403 (with a problem body) and changes nothing; a body that is not a
/// readable form gets 400. The URL checked is the public one
/// (<see cref="HelplineOptions.PublicBaseUrl"/> behind a reverse proxy), with the path and query as received. Each
/// refusal is logged with the URL checked and the reason, a few lines a minute at most (<see cref="RejectedWebhookLog"/>).
/// </summary>
internal sealed class TwilioSignatureFilter(IOptions<HelplineOptions> options, RejectedWebhookLog log) : IEndpointFilter
{
    private readonly RequestValidator _validator = new(options.Value.Twilio.AuthToken);
    private readonly string? _publicBaseUrl = string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? null : options.Value.PublicBaseUrl;

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var signature = request.Headers["X-Twilio-Signature"].ToString();
        var url = SignedUrl.For(request, _publicBaseUrl);
        bool valid;
        if (request.HasFormContentType)
        {
            var form = await WebhookForm.ReadAsync(context.HttpContext);
            if (form is null)
            {
                log.Unreadable(request.Path);
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Unreadable form",
                    detail: "The body is not a readable form (a webhook is posted as application/x-www-form-urlencoded).");
            }

            valid = _validator.Validate(url, form, signature);
        }
        else
        {
            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, leaveOpen: true);
            var body = await reader.ReadToEndAsync(context.HttpContext.RequestAborted);
            request.Body.Position = 0;
            valid = _validator.ValidateWithBody(url, body, signature);
        }

        if (!valid)
        {
            log.Rejected(url, signaturePresent: signature.Length > 0);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Missing or invalid X-Twilio-Signature",
                detail: "Every /voice request must be signed by the provider with the account's auth token; nothing was changed.");
        }

        return await next(context);
    }
}
