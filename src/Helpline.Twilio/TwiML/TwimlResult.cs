using System.Text;
using Microsoft.AspNetCore.Http;

namespace Helpline.Twilio.TwiML;

/// <summary>An endpoint result that sends a TwiML document as <c>application/xml; charset=utf-8</c> with status 200.</summary>
/// <param name="xml">The TwiML document.</param>
public sealed class TwimlResult(string xml) : IResult
{
    /// <summary>The document.</summary>
    public string Xml { get; } = xml;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/xml; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(Xml);
        httpContext.Response.ContentLength = bytes.Length;
        return httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
    }
}
