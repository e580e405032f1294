using Helpline.Core.Flows;
using Helpline.Core.Flows.Diagnostics;
using Helpline.Core.Voice;

namespace Helpline.Core.Tests.Flows;

/// <summary>
/// The flow's <c>blocked:</c> and <c>challenge:</c> blocks (issue 14): what a blocked caller hears before the call ends,
/// and the keypad challenge before the queue. Inputs tried: both blocks well formed, none (the emergency message stands
/// in), a challenge prompt without <c>{code}</c> or with it twice, tries 0 and 6, an unknown key, a missing prompt, a
/// list where a text is expected.
/// </summary>
public sealed class FlowPoliciesTests
{
    private const string Blocks = """
        blocked:
          prompt: Nous ne pouvons pas donner suite. Composez le 17 ou le 112.
        challenge:
          prompt: "Tapez le code {code}."
          retry: Ce code n'est pas le bon.
          failed: Composez le 17 ou le 112.
          tries: 2

        """;

    [Fact]
    public void A_blocked_caller_hears_the_flow_s_blocked_message_then_the_call_ends()
    {
        var flow = FlowFiles.Compile(Blocks + MinimalFlow.Yaml);

        var answer = flow.BlockedAnswer();

        Assert.Equal("Nous ne pouvons pas donner suite. Composez le 17 ou le 112.", Assert.IsType<SayInstruction>(answer[0]).Text);
        Assert.IsType<HangupInstruction>(answer[^1]);
    }

    [Fact]
    public void Without_a_blocked_block_a_blocked_caller_hears_the_emergency_message_and_without_a_challenge_there_is_none()
    {
        var flow = FlowFiles.Compile(MinimalFlow.Yaml);

        Assert.Equal("Composez le 17.", Assert.IsType<SayInstruction>(flow.BlockedAnswer()[0]).Text);
        Assert.IsType<HangupInstruction>(flow.BlockedAnswer()[^1]);
        Assert.Null(flow.ChallengeGather("123", retry: false));
    }

    [Fact]
    public void The_challenge_says_the_code_digit_by_digit_listens_for_its_three_keys_and_says_the_retry_first_when_asked_again()
    {
        var flow = FlowFiles.Compile(Blocks + MinimalFlow.Yaml);

        var first = flow.ChallengeGather("472", retry: false)!;
        var again = flow.ChallengeGather("472", retry: true)!;

        Assert.Equal("Tapez le code 4, 7, 2.", Assert.IsType<SayInstruction>(Assert.Single(first.Prompt)).Text);
        Assert.Equal(ChallengeDefinition.CodeLength, first.NumDigits);
        Assert.Equal(["Ce code n'est pas le bon.", "Tapez le code 4, 7, 2."], again.Prompt.Cast<SayInstruction>().Select(s => s.Text));
        Assert.Equal(2, flow.Definition.Challenge!.Tries);
        Assert.IsType<HangupInstruction>(flow.ChallengeFailedAnswer()[^1]);
    }

    [Theory]
    [InlineData("  prompt: \"Tapez le code {code}.\"", "  prompt: \"Tapez le code.\"", DiagnosticCodes.InvalidValue, "{code}")]
    [InlineData("  prompt: \"Tapez le code {code}.\"", "  prompt: \"Tapez {code} puis {code}.\"", DiagnosticCodes.InvalidValue, "{code}")]
    [InlineData("  tries: 2", "  tries: 0", DiagnosticCodes.InvalidValue, "tries")]
    [InlineData("  tries: 2", "  tries: 6", DiagnosticCodes.InvalidValue, "tries")]
    [InlineData("  tries: 2", "  essais: 2", DiagnosticCodes.UnknownKey, "essais")]
    [InlineData("  retry: Ce code n'est pas le bon.\n", "", DiagnosticCodes.MissingKey, "retry")]
    [InlineData("  prompt: Nous ne pouvons pas donner suite. Composez le 17 ou le 112.", "  prompt: [Nous, ne]", DiagnosticCodes.WrongType, "prompt")]
    public void A_malformed_policy_block_is_reported_at_its_line_and_column(string line, string replacement, string code, string names)
    {
        var yaml = (Blocks + MinimalFlow.Yaml).Replace(line, replacement, StringComparison.Ordinal);
        Assert.NotEqual(Blocks + MinimalFlow.Yaml, yaml);

        var load = FlowFiles.Load(yaml);

        Assert.False(load.Succeeded);
        var diagnostic = Assert.Single(load.Diagnostics, d => d.IsError);
        Assert.Equal(code, diagnostic.Code);
        Assert.Contains(names, diagnostic.Message, StringComparison.Ordinal);
        Assert.InRange(diagnostic.Position.Line, 1, 9); // within the two blocks, at the top of the file
        Assert.True(diagnostic.Position.Column >= 1);
    }

    [Fact]
    public void The_default_flow_blocks_with_every_emergency_number_and_challenges_with_three_tries()
    {
        var flow = FlowFiles.DefaultFlow();

        var blocked = flow.Definition.Blocked!.Prompt.Text;
        foreach (var number in new[] { "le 17", "112", "114", "39 19", "116 006" })
        {
            Assert.Contains(number, blocked, StringComparison.Ordinal);
            Assert.Contains(number, flow.Definition.Challenge!.Failed.Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("bloqu", blocked, StringComparison.OrdinalIgnoreCase); // an abuser must not learn it
        Assert.Equal(3, flow.Definition.Challenge!.Tries);
        Assert.True(flow.Definition.Tags.ContainsKey(CallTags.Watched));
    }
}
