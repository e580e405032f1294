using System.Security.Cryptography;
using System.Text;
using Helpline.Server.Options;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Security;

/// <summary>
/// Protects <c>/api/...</c> with <c>Authorization: Bearer &lt;Helpline:AdminToken&gt;</c> until the dashboard brings
/// accounts. The comparison is constant-time; a missing or wrong token gets 401 and nothing else happens.
/// </summary>
public sealed class AdminTokenFilter(IOptions<HelplineOptions> options) : IEndpointFilter
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.Value.AdminToken);

    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()), _expected))
        {
            return next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return ValueTask.FromResult<object?>(TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid admin token is required."));
    }
}
