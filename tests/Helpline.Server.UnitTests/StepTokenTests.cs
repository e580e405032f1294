using Helpline.Core.Voice;
using Helpline.Server.Voice;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Helpline.Server.UnitTests;

/// <summary>
/// The step URL carries every position a valid flow can reach, and fits the provider's URL limit: whatever state name
/// the validator accepts comes back as written, and no longer stops at the 200 characters it once did.
/// </summary>
public sealed class StepTokenTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("accueil")]
    [InlineData("a b&c#d%e+f?g/h=i;j")]
    [InlineData("é中🚨👩‍⚕️\u202Eשלום")]
    [InlineData("\u00A0inside\u200Bthe name")]
    public void State_name_the_validator_accepts_reads_back_from_its_step_url(string state)
    {
        var token = new StepToken(Hash, state, 3, 1);

        Assert.Equal(token, Read(token.ToQuery()));
    }

    [Theory]
    [InlineData(201)]
    [InlineData(VoiceLimits.MaxStateNameLength)]
    public void Long_state_name_the_validator_accepts_reads_back_from_its_step_url(int length)
    {
        var token = new StepToken(Hash, new string('m', length), 3, 0);

        Assert.Equal(token, Read(token.ToQuery()));
    }

    [Fact]
    public void Longest_step_url_fits_the_providers_url_limit()
    {
        // The longest public base URL, the longest route, a state name of the longest length in 3-byte characters
        // (9 characters each once percent-encoded), the largest step and replay count.
        var baseUrl = "https://" + new string('h', VoiceLimits.MaxPublicBaseUrlLength - "https://".Length);
        var token = new StepToken(Hash, new string('中', VoiceLimits.MaxStateNameLength), int.MaxValue, VoiceLimits.MaxAttempt);

        var url = $"{baseUrl}/voice/agent/result?w={int.MaxValue}&{token.ToQuery()}";

        Assert.True(url.Length <= VoiceLimits.MaxUrlLength, $"{url.Length} characters");
        Assert.Equal(token, Read(token.ToQuery()));
    }

    [Fact]
    public void Replay_count_up_to_where_menus_stop_counting_reads_back()
    {
        Assert.NotNull(Read(new StepToken(Hash, "menu", 2, VoiceLimits.MaxAttempt).ToQuery()));
        Assert.Null(Read(new StepToken(Hash, "menu", 2, VoiceLimits.MaxAttempt + 1).ToQuery()));
    }

    [Theory]
    [InlineData("a\tb")]
    [InlineData("a\u0001b")]
    [InlineData("a\uFFFEb")]
    public void State_name_no_valid_flow_has_is_refused(string state) =>
        Assert.Null(Read(new StepToken(Hash, state, 2, 0).ToQuery()));

    private static StepToken? Read(string query) => StepToken.From(new QueryCollection(QueryHelpers.ParseQuery(query)));
}
