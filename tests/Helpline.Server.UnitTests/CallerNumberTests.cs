using Helpline.Server.Agents;
using Helpline.Server.Callers;
using Helpline.Server.Hosting;
using Helpline.Server.UnitTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpline.Server.UnitTests;

/// <summary>
/// The one rule for a caller's <c>From</c> (<see cref="CallerNumber"/>) and what follows from it: which numbers are
/// hashed (never a withheld one: every withheld caller shares it) and which caller ID each dial shows
/// (<see cref="CallerIdPolicy"/>), and that Production refuses to show callers' numbers to workers.
/// </summary>
public sealed class CallerNumberTests
{
    [Theory]
    [InlineData("+33612345678", "Presentable")]
    [InlineData(" +33 6 12 34 56 78 ", "Presentable")]
    [InlineData("+33.6.12.34.56.78", "Presentable")]
    [InlineData("+1 (415) 555-0100", "Presentable")]
    [InlineData(null, "Withheld")]
    [InlineData("", "Withheld")]
    [InlineData("   ", "Withheld")]
    [InlineData("anonymous", "Withheld")]
    [InlineData("Anonymous", "Withheld")]
    [InlineData("ANONYMOUS", "Withheld")]
    [InlineData("restricted", "Withheld")]
    [InlineData("RESTRICTED", "Withheld")]
    [InlineData("unknown", "Withheld")]
    [InlineData("private", "Withheld")]
    [InlineData("Unavailable", "Withheld")]
    [InlineData("blocked", "Withheld")]
    [InlineData("+266696687", "Withheld")]
    [InlineData("+7378742833", "Withheld")]
    [InlineData("+86282452253", "Withheld")]
    [InlineData("+8656696", "Withheld")]
    [InlineData("+2562533", "Withheld")]
    [InlineData("+7748283", "Withheld")]
    [InlineData("client:alice", "Invalid")]
    [InlineData("sip:alice@example.org", "Invalid")]
    [InlineData("0612345678", "Invalid")]
    [InlineData("+0612345678", "Invalid")]
    [InlineData("+33", "Invalid")]
    [InlineData("+3361234567890123456", "Invalid")]
    public void From_is_classified_once(string? from, string expected)
    {
        Assert.Equal(expected, CallerNumber.Classify(from).ToString());
    }

    [Theory]
    [InlineData("anonymous", "ANONYMOUS")]
    [InlineData("anonymous", "+266696687")]
    [InlineData("restricted", "")]
    [InlineData("client:alice", "client:bob")]
    public void Withheld_callers_get_no_hash_so_they_are_never_one_caller(string one, string other)
    {
        var hasher = Hasher();

        Assert.Null(hasher.Hash(one));
        Assert.Null(hasher.Hash(other));
    }

    [Fact]
    public void One_number_written_two_ways_is_one_hash()
    {
        var hasher = Hasher();

        Assert.Equal(hasher.Hash("+33612345678"), hasher.Hash("+33 6 12 34 56 78"));
        Assert.NotEqual(hasher.Hash("+33612345678"), hasher.Hash("+33612345679"));
    }

    [Theory]
    [InlineData("+33612345678", null, false, "+33320000000")]
    [InlineData("anonymous", null, false, "+33320000000")]
    [InlineData("+33612345678", "+33300000000", false, "+33300000000")]
    [InlineData("+33612345678", null, true, "+33612345678")]
    [InlineData("anonymous", null, true, "+33320000000")]
    public void A_worker_s_phone_shows_the_helpline_unless_a_test_bench_asks_otherwise(string from, string? configured, bool showCaller, string expected)
    {
        var policy = new CallerIdPolicy(Options.Create(new RoutingOptions { CallerId = configured, ShowCallerNumberToWorkers = showCaller }));

        Assert.Equal(expected, policy.ForWorker(from, "+33320000000"));
    }

    [Theory]
    [InlineData("+33612345678", null, null)]
    [InlineData("anonymous", null, "+33320000000")]
    [InlineData("", "+33300000000", "+33300000000")]
    [InlineData("0612345678", null, "+33320000000")]
    public void A_transfer_passes_the_caller_s_own_number_on_unless_she_has_none(string from, string? configured, string? expected)
    {
        var policy = new CallerIdPolicy(Options.Create(new RoutingOptions { CallerId = configured }));

        Assert.Equal(expected, policy.ForTransfer(from, "+33320000000"));
    }

    [Fact]
    public void Production_refuses_to_show_callers_numbers_to_workers()
    {
        var settings = ConfigurationCheck.ValidSettings();
        settings["Helpline:Routing:ShowCallerNumberToWorkers"] = "true";

        var production = ConfigurationCheck.Problems(settings, "Production");
        var testing = ConfigurationCheck.Problems(settings, "Testing");

        Assert.Contains(production, p => p.StartsWith("Helpline:Routing:ShowCallerNumberToWorkers is refused in Production", StringComparison.Ordinal));
        Assert.DoesNotContain(testing, p => p.Contains("ShowCallerNumberToWorkers", StringComparison.Ordinal));
    }

    private static CallerHasher Hasher() =>
        new(Options.Create(new HelplineOptions { CallerHashKey = "unit-test-caller-hash-key-0123456789abcdef" }));
}
