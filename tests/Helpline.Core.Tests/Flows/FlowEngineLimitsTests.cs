using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Voice;

namespace Helpline.Core.Tests.Flows;

/// <summary>
/// Flows at the edges of what the validator accepts run in the flow engine as they read: no runtime cap of its own
/// (menu replays, chained messages) and recordings played under the one name the server serves them by.
/// </summary>
public sealed class FlowEngineLimitsTests
{
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void Menu_that_replays_itself_on_silence_is_still_served_after_150_replays()
    {
        var flow = FlowFiles.Compile(MinimalFlow.Replace("      \"1\": police\n    on-timeout: file\n",
            "      \"1\": police\n      \"2\": file\n    no-input-prompt: Nous n'avons rien entendu.\n    on-timeout: menu\n"));
        var step = flow.Start(new FlowContext(TuesdayMorning));

        for (var i = 0; i < 150; i++)
        {
            step = flow.Fire(step.Position, FlowTriggers.Timeout, new FlowContext(TuesdayMorning));
            Assert.False(step.Ignored);
        }

        Assert.Equal(new CallPosition("menu", VoiceLimits.MaxMenuReplays), step.Position);
        var gather = Assert.IsType<GatherInstruction>(Assert.Single(step.Instructions));
        Assert.Equal("Nous n'avons rien entendu.", Assert.IsType<SayInstruction>(gather.Prompt[0]).Text);
        Assert.Equal("police", flow.Fire(step.Position, FlowTriggers.Digits("1"), new FlowContext(TuesdayMorning)).Position.State);
    }

    [Fact]
    public void Chain_of_70_messages_is_answered_in_one_go()
    {
        var chain = string.Concat(Enumerable.Range(1, 70).Select(i => $"  m{i}:\n    type: message\n    prompt: Message {i}.\n    next: {(i == 70 ? "fin" : $"m{i + 1}")}\n"));
        var flow = FlowFiles.Compile($"""
            flow: chaine
            start: m1
            destinations:
              vfi: "3919"
            emergency:
              prompt: Composez le 17.
              transfer-to: vfi
            states:
            {chain}  fin:
                type: hangup
                prompt: Au revoir.
            """);

        var step = flow.Start(new FlowContext(TuesdayMorning));

        Assert.Equal("fin", step.Position.State);
        Assert.Equal(Enumerable.Range(1, 70).Select(i => $"Message {i}.").Append("Au revoir."), step.Instructions.OfType<SayInstruction>().Select(s => s.Text));
        Assert.IsType<HangupInstruction>(step.Instructions[^1]);
    }

    [Fact]
    public void Recording_written_with_empty_and_dot_segments_is_played_under_its_canonical_name()
    {
        var flow = FlowFiles.Compile(MinimalFlow.Replace("    hold: Patientez.", "    hold:\n      audio: prompts/sub//./attente.wav\n      text: Patientez."), "prompts/sub/attente.wav");

        var enqueue = Assert.IsType<EnqueueInstruction>(Assert.Single(flow.Current(new CallPosition("file", 0))));

        Assert.Equal("sub/attente.wav", Assert.IsType<PlayInstruction>(enqueue.Hold).PromptFile);
    }

    [Theory]
    [InlineData("prompts/attente.ogg")]
    [InlineData("prompts/attente.txt")]
    [InlineData("prompts/attente")]
    public void Recording_the_provider_cannot_play_is_spoken_instead(string file)
    {
        var flow = FlowFiles.Compile(MinimalFlow.Replace("    hold: Patientez.", $"    hold:\n      audio: {file}\n      text: Patientez."), file);

        var enqueue = Assert.IsType<EnqueueInstruction>(Assert.Single(flow.Current(new CallPosition("file", 0))));

        Assert.Equal("Patientez.", Assert.IsType<SayInstruction>(enqueue.Hold).Text);
    }
}
