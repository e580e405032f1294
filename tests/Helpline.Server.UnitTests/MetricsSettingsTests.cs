using Helpline.Server.Observability;
using Helpline.Server.UnitTests.Infrastructure;

namespace Helpline.Server.UnitTests;

/// <summary>
/// <c>Helpline:Metrics:*</c> and the log format are checked at start like every other key: a bad value is one line
/// naming the key (never echoing it: the token is a secret), a good one starts. Inputs tried: a host name, a shortened
/// address, a network where an address is expected, an address where a network is expected, a network with host bits,
/// the whole internet, a short token, a token with spaces around it, a collector URL without scheme or with a query,
/// a snapshot period out of range or not a number, a log format the framework does not know.
/// </summary>
public sealed class MetricsSettingsTests
{
    public static TheoryData<string, string, string> BadValues() => new()
    {
        { "Helpline:Metrics:AllowedAddresses:0", "prometheus.departement.fr", "Helpline:Metrics:AllowedAddresses:0 must be an IP address written in full" },
        { "Helpline:Metrics:AllowedAddresses:0", "127.1", "Helpline:Metrics:AllowedAddresses:0 must be an IP address written in full" },
        { "Helpline:Metrics:AllowedAddresses:0", "10.0.0.0/8", "Helpline:Metrics:AllowedAddresses:0 must be an IP address written in full" },
        { "Helpline:Metrics:AllowedNetworks:0", "10.9.8.7", "Helpline:Metrics:AllowedNetworks:0 must be a network in CIDR notation" },
        { "Helpline:Metrics:AllowedNetworks:0", "10.0.0.1/8", "Helpline:Metrics:AllowedNetworks:0 must be a network in CIDR notation" },
        { "Helpline:Metrics:AllowedNetworks:0", "0.0.0.0/0", "Helpline:Metrics:AllowedNetworks:0 would let every client read the metrics" },
        { "Helpline:Metrics:AllowedNetworks:0", "::/0", "Helpline:Metrics:AllowedNetworks:0 would let every client read the metrics" },
        { "Helpline:Metrics:Token", "short-token", "Helpline:Metrics:Token must have at least 16 characters" },
        { "Helpline:Metrics:Token", " a-long-enough-metrics-token ", "Helpline:Metrics:Token must have at least 16 characters and no spaces around it" },
        { "Helpline:Metrics:OtlpEndpoint", "collector:4318", "Helpline:Metrics:OtlpEndpoint is not an absolute URL" },
        { "Helpline:Metrics:OtlpEndpoint", "ftp://collector:4318", "Helpline:Metrics:OtlpEndpoint must start with https:// or http://" },
        { "Helpline:Metrics:OtlpEndpoint", "http://collector:4318/?key=x", "Helpline:Metrics:OtlpEndpoint must not have a query" },
        { "Helpline:Metrics:SnapshotSeconds", "301", "Helpline:Metrics:SnapshotSeconds must be between 1 and 300 seconds" },
        { "Helpline:Metrics:SnapshotSeconds", "cinq", "Helpline:Metrics:SnapshotSeconds must be a whole number" },
        { "Logging:Console:FormatterName", "jsonl", "Logging:Console:FormatterName must be simple, json or systemd" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_metrics_or_log_setting_is_one_line_naming_the_key(string key, string value, string expected)
    {
        var problems = ConfigurationCheck.Problems((key, value));

        Assert.True(problems.Count(p => p.StartsWith(expected, StringComparison.Ordinal)) == 1, $"{key}={value}: expected a line starting with \"{expected}\", got:\n{string.Join("\n", problems)}");
        Assert.All(problems, p => Assert.DoesNotContain(value.Trim(), p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Helpline:Metrics:AllowedAddresses:0", "127.0.0.1")]
    [InlineData("Helpline:Metrics:AllowedAddresses:0", "::1")]
    [InlineData("Helpline:Metrics:AllowedNetworks:0", "10.0.5.0/24")]
    [InlineData("Helpline:Metrics:Token", "0123456789abcdef0123")]
    [InlineData("Helpline:Metrics:Token", "")]
    [InlineData("Helpline:Metrics:OtlpEndpoint", "http://127.0.0.1:4318")]
    [InlineData("Helpline:Metrics:OtlpEndpoint", "")]
    [InlineData("Helpline:Metrics:SnapshotSeconds", "15")]
    [InlineData("Logging:Console:FormatterName", "json")]
    [InlineData("Logging:Console:FormatterName", "Systemd")]
    public void A_good_metrics_or_log_setting_starts(string key, string value)
    {
        Assert.Empty(ConfigurationCheck.Problems((key, value)));
    }

    [Theory]
    [InlineData("answered", "answered")]
    [InlineData("abandoned", "abandoned")]
    [InlineData("abandoned-in-queue", "abandoned-in-queue")]
    [InlineData("overflowed", "overflowed")]
    [InlineData("blocked", "blocked")]
    [InlineData("challenge-failed", "challenge-failed")]
    [InlineData("transferred:violences-femmes-info", "transferred:violences-femmes-info")]
    [InlineData("transferring:police", "transferring:police")]
    [InlineData("transfer-no-answer:hebergement-urgence", "transfer-no-answer:hebergement-urgence")]
    [InlineData("transferred:3919", "transferred:3919")]
    [InlineData(null, "unknown")]
    [InlineData("transferred:+33698765432", "other")]
    [InlineData("transferred:0698765432", "other")]
    [InlineData("transferred:06.98.76.54.32", "other")]
    [InlineData("CA0123456789abcdef0123456789abcdef", "other")]
    [InlineData("something new", "other")]
    public void The_outcome_label_is_a_word_of_the_vocabulary_never_free_text_or_a_number(string? outcome, string label)
    {
        Assert.Equal(label, HelplineMetrics.OutcomeLabel(outcome));
    }
}
