using Helpline.Core.Voice;
using Helpline.Server.Agents;
using Helpline.Server.Hosting;
using Helpline.Server.Voice;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Helpline.Server.UnitTests;

/// <summary>
/// The <c>/voice</c> routes table: every URL we hand the provider reads back as written, with readable keys; the
/// one-letter keys of URLs handed out by an earlier build still read (calls in flight during an upgrade go on); the step
/// URL carries every position a valid flow can reach and fits the provider's URL limit.
/// </summary>
public sealed class VoiceRoutesTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly VoiceRoutes Routes = new(Microsoft.Extensions.Options.Options.Create(new HelplineOptions { PublicBaseUrl = "https://ecoute.test" }));

    [Theory]
    [InlineData("accueil")]
    [InlineData("a b&c#d%e+f?g/h=i;j")]
    [InlineData("é中🚨👩‍⚕️\u202Eשלום")]
    [InlineData("\u00A0inside\u200Bthe name")]
    public void State_name_the_validator_accepts_reads_back_from_its_step_url(string state)
    {
        var token = new StepToken(Hash, state, 3, 1);

        Assert.Equal(token, VoiceRoutes.ReadStep(Query(Routes.Url(VoiceRoutes.Gather, token))));
    }

    [Theory]
    [InlineData(201)]
    [InlineData(VoiceLimits.MaxStateNameLength)]
    public void Long_state_name_the_validator_accepts_reads_back_from_its_step_url(int length)
    {
        var token = new StepToken(Hash, new string('m', length), 3, 0);

        Assert.Equal(token, VoiceRoutes.ReadStep(Query(Routes.Url(VoiceRoutes.Dial, token))));
    }

    [Fact]
    public void Step_url_uses_readable_keys()
    {
        var url = Routes.Url(VoiceRoutes.QueueWait, new StepToken(Hash, "file-ecoutantes", 2, 0));

        Assert.Equal($"https://ecoute.test/voice/queue/wait?flow={Hash}&state=file-ecoutantes&step=2&replays=0", url);
    }

    [Fact]
    public void Step_and_offer_urls_of_an_earlier_build_still_read()
    {
        // As handed out before the routes table: one-letter keys.
        var step = VoiceRoutes.ReadStep(Query($"/voice/gather?f={Hash}&st=accueil&s=1&a=2"));
        var offer = VoiceRoutes.ReadOffer(Query($"/voice/agent/result?w=1&p=%2B33611111111&m=4&j=1796000000&f={Hash}&st=file-ecoutantes&s=2&a=0"));
        var whisper = Query($"/voice/agent/whisper?w=1&c=CA0123&f={Hash}&st=file-ecoutantes&s=2&a=0");

        Assert.Equal(new StepToken(Hash, "accueil", 1, 2), step);
        Assert.Equal(new OfferToken(1, "+33611111111", "4", DateTimeOffset.FromUnixTimeSeconds(1796000000), new StepToken(Hash, "file-ecoutantes", 2, 0)), offer);
        Assert.Equal("CA0123", VoiceRoutes.ReadCaller(whisper));
        Assert.Equal(1, VoiceRoutes.ReadOffer(Query("/voice/agent?w=1"))!.WorkerId); // the oldest: the worker alone
    }

    [Fact]
    public void Offer_urls_read_back_and_the_whisper_url_carries_no_phone()
    {
        var offer = new OfferToken(7, "+33611111111", "4", DateTimeOffset.FromUnixTimeSeconds(1796000000), new StepToken(Hash, "file-ecoutantes", 2, 0));

        Assert.Equal(offer, VoiceRoutes.ReadOffer(Query(Routes.AgentUrl(offer))));
        Assert.Equal(offer, VoiceRoutes.ReadOffer(Query(Routes.AgentResultUrl(offer))));
        var whisper = Routes.WhisperUrl(offer, "CA42");
        Assert.Equal(offer with { WorkerPhone = null }, VoiceRoutes.ReadOffer(Query(whisper)));
        Assert.Equal("CA42", VoiceRoutes.ReadCaller(Query(whisper)));
        Assert.DoesNotContain("336", whisper, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tags=ne-peut-pas-parler", new[] { "ne-peut-pas-parler" })]
    [InlineData("tags=ne-peut-pas-parler%2Crappel-apres-coupure", new[] { "ne-peut-pas-parler", "rappel-apres-coupure" })]
    [InlineData("tags=", new string[0])]
    [InlineData("tags=ne-peut-pas-parler%2CNOT%20A%20TAG%2Cne-peut-pas-parler", new[] { "ne-peut-pas-parler" })]
    public void An_offer_s_tags_read_back_with_malformed_and_repeated_names_dropped(string part, string[] expected)
    {
        var offer = VoiceRoutes.ReadOffer(Query($"/voice/agent?worker=3&{part}"))!;

        Assert.Equal(expected, offer.Tags);
        Assert.Null(VoiceRoutes.ReadOffer(Query("/voice/agent?worker=3"))!.Tags); // an earlier build's URL: unknown, the database says
    }

    [Theory]
    [InlineData("phone=0612345678")]
    [InlineData("phone=%2B0612345678")]
    [InlineData("choice=4%3Cb%3E")]
    [InlineData("joined=-5")]
    [InlineData("joined=99999999999999")]
    public void Damaged_optional_part_of_an_offer_reads_as_absent_not_as_a_broken_offer(string part)
    {
        var offer = VoiceRoutes.ReadOffer(Query($"/voice/agent?worker=3&{part}"));

        Assert.Equal(new OfferToken(3, null, null, null, null), offer);
    }

    [Fact]
    public void Longest_url_we_hand_the_provider_fits_its_url_limit()
    {
        // The longest public base URL, the longest route and query (the worker's dial outcome), a state name of the
        // longest length in 3-byte characters (9 characters each once percent-encoded), the largest numbers.
        var routes = new VoiceRoutes(Microsoft.Extensions.Options.Options.Create(new HelplineOptions
        {
            PublicBaseUrl = "https://" + new string('h', VoiceLimits.MaxPublicBaseUrlLength - "https://".Length),
        }));
        var token = new StepToken(Hash, new string('中', VoiceLimits.MaxStateNameLength), int.MaxValue, VoiceLimits.MaxMenuReplays);
        var joined = DateTimeOffset.FromUnixTimeSeconds(253_402_300_000);
        var tags = Enumerable.Range(0, Helpline.Core.Flows.CallTags.MaxTags)
            .Select(i => (i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + new string('e', Helpline.Core.Flows.CallTags.MaxNameLength))[..Helpline.Core.Flows.CallTags.MaxNameLength])
            .ToList();
        var offer = new OfferToken(int.MaxValue, "+331234567890123", new string('9', 32), joined, token, int.MaxValue) { Tags = tags };

        var url = routes.AgentResultUrl(offer);

        Assert.True(url.Length <= VoiceLimits.MaxUrlLength, $"{url.Length} characters");
        var read = VoiceRoutes.ReadOffer(Query(url))!;
        Assert.Equal(offer with { Tags = null }, read with { Tags = null });
        Assert.Equal(tags, read.Tags);
    }

    [Fact]
    public void Replay_count_up_to_where_menus_stop_counting_reads_back()
    {
        Assert.NotNull(VoiceRoutes.ReadStep(Query(Routes.Url(VoiceRoutes.Gather, new StepToken(Hash, "menu", 2, VoiceLimits.MaxMenuReplays)))));
        Assert.Null(VoiceRoutes.ReadStep(Query(Routes.Url(VoiceRoutes.Gather, new StepToken(Hash, "menu", 2, VoiceLimits.MaxMenuReplays + 1)))));
    }

    [Theory]
    [InlineData("a\tb")]
    [InlineData("a\u0001b")]
    [InlineData("a\uFFFEb")]
    public void State_name_no_valid_flow_has_is_refused(string state) =>
        Assert.Null(VoiceRoutes.ReadStep(Query(Routes.Url(VoiceRoutes.Gather, new StepToken(Hash, state, 2, 0)))));

    private static QueryCollection Query(string url) => new(QueryHelpers.ParseQuery(url[url.IndexOf('?', StringComparison.Ordinal)..]));
}
