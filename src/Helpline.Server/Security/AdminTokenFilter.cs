using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Helpline.Server.Hosting;

namespace Helpline.Server.Security;

/// <summary>
/// Protects <c>/api/...</c>: <c>Authorization: Bearer &lt;Helpline:AdminToken&gt;</c> for scripts, or a dashboard
/// session of a supervisor (a worker's session gets 403). The token comparison is constant-time; an anonymous request
/// or a wrong token gets 401 and nothing else happens.
/// </summary>
internal sealed class AdminTokenFilter(IOptions<HelplineOptions> options) : IEndpointFilter
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

        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            return user.IsInRole(Helpline.Data.Accounts.AccountRoles.Supervisor)
                ? next(context)
                : ValueTask.FromResult<object?>(TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This account may not use the API."));
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return ValueTask.FromResult<object?>(TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid admin token is required."));
    }
}
