using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Observability;

/// <summary>
/// Guards <c>/metrics</c>: a client whose address is in <see cref="MetricsOptions.AllowedAddresses"/> or
/// <see cref="MetricsOptions.AllowedNetworks"/> (its address after forwarded headers from trusted proxies: through the
/// reverse proxy, the real client's), or that sends <c>Authorization: Bearer &lt;Helpline:Metrics:Token&gt;</c>, gets
/// the metrics; anyone else gets <b>404</b>, the answer of a service whose metrics are off. Why 404 and not 403: the
/// metrics say when the line is busy and when nobody is logged in, which someone watching a victim could use; a
/// stranger probing the public URL cannot even tell the endpoint exists. The operator is told instead: a refusal logs a
/// warning (at most one a minute) naming the address and the keys to set.
/// </summary>
/// <remarks>Thread-safe. The token is compared in constant time.</remarks>
internal sealed partial class MetricsAccess(RequestDelegate next, IOptions<MetricsOptions> options, TimeProvider time, ILogger<MetricsAccess> logger)
{
    private long _lastLoggedTicks; // 0: the first refusal is logged

    /// <summary>Serves the metrics to an allowed client; 404 otherwise.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value;
        if (HasToken(context.Request, settings.Token) || IsAllowed(context.Connection.RemoteIpAddress, settings))
        {
            return next(context);
        }

        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastLoggedTicks);
        if (now - last >= TimeSpan.TicksPerMinute && Interlocked.CompareExchange(ref _lastLoggedTicks, now, last) == last)
        {
            LogRefused(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static bool HasToken(HttpRequest request, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }

    private static bool IsAllowed(IPAddress? address, MetricsOptions settings)
    {
        if (address is null)
        {
            return false;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return settings.Addresses().Any(a => a.Equals(address)) || settings.Networks().Any(n => n.Contains(address));
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Refused /metrics to {Address} (answered 404): not in Helpline:Metrics:AllowedAddresses or AllowedNetworks, and no valid Authorization: Bearer <Helpline:Metrics:Token>. Further refusals this minute are not logged")]
    private static partial void LogRefused(ILogger logger, string address);
}
