using Helpline.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace Helpline.Server.UnitTests;

/// <summary>
/// ASPNETCORE_URLS is checked before Kestrel reads it: addresses Kestrel takes are accepted; ones it refuses with a
/// stack trace, or misreads (a port that is not a number becomes part of the host name, and Kestrel listens on every
/// interface, port 80), are one line naming the address.
/// </summary>
public sealed class ListenAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:80")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://ecoute.departement.fr:443")]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://unix:/run/helpline.sock")]
    [InlineData("http://127.0.0.1:5080;http://[::1]:5080")]
    [InlineData("")]
    public void An_address_kestrel_takes_is_accepted(string urls)
    {
        Assert.Empty(Problems(urls));
    }

    [Theory]
    [InlineData("not-a-url", "'not-a-url' is not a listen address")]
    [InlineData("127.0.0.1:5080", "'127.0.0.1:5080' is not a listen address")]
    [InlineData("http://127.0.0.1:abc", "'http://127.0.0.1:abc' has no valid host and port")]
    [InlineData("http://127.0.0.1:5080/helpline", "'http://127.0.0.1:5080/helpline' must not have a path")]
    [InlineData("ftp://127.0.0.1:21", "'ftp://127.0.0.1:21' must start with http:// or https://")]
    [InlineData("http://localhost:99999", "'http://localhost:99999' has a port outside 0-65535")]
    [InlineData("http://127.0.0.1:5080; http://[::1]:5080", "' http://[::1]:5080' must start with http:// or https://")]
    [InlineData("   ", "'   ' is not a listen address")]
    public void An_address_kestrel_refuses_or_misreads_is_one_line(string urls, string expected)
    {
        var problem = Assert.Single(Problems(urls));

        Assert.StartsWith("ASPNETCORE_URLS: " + expected + ": expected http://host:port", problem, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Problems(string urls) =>
        ListenAddresses.Problems(new ConfigurationBuilder().AddInMemoryCollection([new(ListenAddresses.Key, urls)]).Build());
}
