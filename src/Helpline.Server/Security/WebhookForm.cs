namespace Helpline.Server.Security;

/// <summary>
/// Reads a webhook's form once, tolerating broken bodies: a malformed or oversized form is treated as "no form"
/// (the signature check then fails and the request gets 403) instead of an exception and a 500. A body over the size
/// limit is the exception: it propagates so that <see cref="Limits.RequestSizeLimit"/> answers 413.
/// </summary>
public static class WebhookForm
{
    /// <summary>The form, or null when the body cannot be read as one.</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.HasFormContentType)
        {
            return FormCollection.Empty;
        }

        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception ex) when ((ex is InvalidDataException or IOException or BadHttpRequestException or FormatException or InvalidOperationException)
            && !Limits.RequestSizeLimit.IsTooLarge(ex))
        {
            return null;
        }
    }
}
