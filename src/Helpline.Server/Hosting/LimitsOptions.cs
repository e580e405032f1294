using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Hosting;

/// <summary>
/// Request size and time limits (<c>Helpline:Limits:*</c>). A webhook form is a few hundred bytes: a much larger body,
/// or a client that trickles its headers or body, is either broken or hostile, and must not hold memory or a
/// connection that a caller's webhook needs.
/// </summary>
internal sealed class LimitsOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:Limits";

    /// <summary>Largest request body accepted, in bytes; larger bodies (declared or chunked) get 413.</summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "{0} must be between {1} and {2} bytes")]
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Time a client has to send all its request headers.</summary>
    [Range(1, 300, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int HeadersTimeoutSeconds { get; set; } = 10;

    /// <summary>Slowest accepted body upload, in bytes per second, after <see cref="MinBodyRateGraceSeconds"/>.</summary>
    [Range(1, 1_000_000, ErrorMessage = "{0} must be between {1} and {2} bytes per second")]
    public int MinBodyBytesPerSecond { get; set; } = 240;

    /// <summary>Grace period before <see cref="MinBodyBytesPerSecond"/> applies.</summary>
    [Range(1, 300, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int MinBodyRateGraceSeconds { get; set; } = 5;

    /// <summary>Idle time after which a kept-alive connection is closed.</summary>
    [Range(1, 3600, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int KeepAliveTimeoutSeconds { get; set; } = 120;
}
