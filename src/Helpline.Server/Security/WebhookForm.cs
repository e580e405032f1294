using Microsoft.AspNetCore.Http.Features;
using Helpline.Server.Hosting;

namespace Helpline.Server.Security;

/// <summary>
/// Reads a webhook's form once, tolerating broken bodies: a body that is not a readable form is treated as "no form"
/// (the request then gets 400) instead of an exception and a 500. A URL-encoded form that ASP.NET Core refuses only
/// for its characters (it refuses <c>%00</c> anywhere) is read by <see cref="LenientFormReader"/> instead, so a signed
/// webhook carrying such a value still reaches the caller's flow. A body over the size limit propagates, so that
/// <see cref="RequestSizeLimit"/> answers 413.
/// </summary>
internal static class WebhookForm
{
    /// <summary>The form, or null when the body cannot be read as one.</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return FormCollection.Empty;
        }

        var urlEncoded = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        if (urlEncoded && context.Features.Get<IFormFeature>()?.Form is null)
        {
            request.EnableBuffering();
        }

        try
        {
            return await request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException) when (urlEncoded && request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var form = await LenientFormReader.ReadAsync(request.Body, context.RequestAborted);
            context.Features.Set<IFormFeature>(new FormFeature(form));
            return form;
        }
        catch (Exception ex) when ((ex is InvalidDataException or IOException or BadHttpRequestException or FormatException or InvalidOperationException)
            && !RequestSizeLimit.IsTooLarge(ex))
        {
            return null;
        }
    }
}
