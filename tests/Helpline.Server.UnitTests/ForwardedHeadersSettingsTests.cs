using Helpline.Server.UnitTests.Infrastructure;

namespace Helpline.Server.UnitTests;

/// <summary>
/// <c>Helpline:ForwardedHeaders:*</c> is checked at start like every other key: a bad proxy address or network is one
/// line naming the key (never echoing the value), and a good one starts. Inputs tried: a host name, a shortened address,
/// a network where an address is expected, a leading space, an address where a network is expected, a network with host
/// bits, a prefix over 32, and the whole internet in IPv4 and IPv6.
/// </summary>
public sealed class ForwardedHeadersSettingsTests
{
    public static TheoryData<string, string, string> BadValues() => new()
    {
        { "Helpline:ForwardedHeaders:KnownProxies:0", "proxy.departement.fr", "Helpline:ForwardedHeaders:KnownProxies:0 must be an IP address written in full" },
        { "Helpline:ForwardedHeaders:KnownProxies:0", "127.1", "Helpline:ForwardedHeaders:KnownProxies:0 must be an IP address written in full" },
        { "Helpline:ForwardedHeaders:KnownProxies:0", "10.0.0.0/8", "Helpline:ForwardedHeaders:KnownProxies:0 must be an IP address written in full" },
        { "Helpline:ForwardedHeaders:KnownProxies:0", " 10.9.8.7", "Helpline:ForwardedHeaders:KnownProxies:0 must be an IP address written in full" },
        { "Helpline:ForwardedHeaders:KnownNetworks:0", "10.9.8.7", "Helpline:ForwardedHeaders:KnownNetworks:0 must be a network in CIDR notation" },
        { "Helpline:ForwardedHeaders:KnownNetworks:0", "10.0.0.1/8", "Helpline:ForwardedHeaders:KnownNetworks:0 must be a network in CIDR notation" },
        { "Helpline:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "Helpline:ForwardedHeaders:KnownNetworks:0 must be a network in CIDR notation" },
        { "Helpline:ForwardedHeaders:KnownNetworks:0", "0.0.0.0/0", "Helpline:ForwardedHeaders:KnownNetworks:0 would trust every client's forwarded headers" },
        { "Helpline:ForwardedHeaders:KnownNetworks:0", "::/0", "Helpline:ForwardedHeaders:KnownNetworks:0 would trust every client's forwarded headers" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_proxy_setting_is_one_line_naming_the_key(string key, string value, string expected)
    {
        var problems = ConfigurationCheck.Problems((key, value));

        Assert.True(problems.Count(p => p.StartsWith(expected, StringComparison.Ordinal)) == 1, $"{key}={value}: expected a line starting with \"{expected}\", got:\n{string.Join("\n", problems)}");
        Assert.All(problems, p => Assert.DoesNotContain(value.Trim(), p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Helpline:ForwardedHeaders:KnownProxies:0", "10.0.0.2")]
    [InlineData("Helpline:ForwardedHeaders:KnownProxies:0", "::1")]
    [InlineData("Helpline:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/29")]
    [InlineData("Helpline:ForwardedHeaders:KnownNetworks:0", "fd00::/64")]
    public void A_good_proxy_setting_starts(string key, string value)
    {
        Assert.Empty(ConfigurationCheck.Problems((key, value)));
    }
}
