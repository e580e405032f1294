using Helpline.Core.Calendar;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Core.Voice;

namespace Helpline.Core.Tests.Flows;

/// <summary>Runs the shipped flow <c>callflows/un-premier-pas.yaml</c> through every branch, as a caller would live it.</summary>
public sealed class DefaultFlowTests
{
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset SaturdayMorning = new(2026, 11, 28, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset ChristmasMorning = new(2026, 12, 25, 10, 0, 0, TimeSpan.FromHours(1));

    private readonly CompiledFlow _flow = FlowFiles.DefaultFlow();

    [Fact]
    public void Default_flow_loads_without_errors()
    {
        var result = FlowLoader.LoadFile(FlowFiles.DefaultFlowPath);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.DoesNotContain(result.Diagnostics, d => d.Code != Core.Flows.Diagnostics.DiagnosticCodes.MissingPrompt);
    }

    [Fact]
    public void Open_hours_answer_with_the_menu()
    {
        var step = _flow.Start(new FlowContext(TuesdayMorning));

        Assert.Equal("accueil", step.Position.State);
        var gather = Assert.IsType<GatherInstruction>(Assert.Single(step.Instructions));
        Assert.Equal(1, gather.NumDigits);
        Assert.Contains("tapez 1", Heard(gather.Prompt), StringComparison.Ordinal);
        Assert.Equal(["(new)->horaires:start", "horaires->accueil:open"], step.Transitions.Select(Describe));
    }

    [Theory]
    [InlineData("weekend", "2026-11-28T10:00:00+01:00")]
    [InlineData("evening", "2026-11-24T17:00:00+01:00")]
    [InlineData("early morning", "2026-11-24T08:59:59+01:00")]
    [InlineData("Christmas", "2026-12-25T10:00:00+01:00")]
    [InlineData("Easter Monday 2027", "2027-03-29T10:00:00+02:00")]
    public void Closed_line_gives_the_emergency_numbers_then_offers_3919(string when, string instant)
    {
        var step = _flow.Start(new FlowContext(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.True(step.Position.State == "ferme-offre-3919", when);
        var heard = Heard(step.Instructions);
        foreach (var number in new[] { "17", "112", "115", "119", "39 19" })
        {
            Assert.Contains(number, heard, StringComparison.Ordinal);
        }

        Assert.IsType<GatherInstruction>(step.Instructions[^1]);
    }

    [Theory]
    [InlineData("digits:1")]
    [InlineData("timeout")]
    [InlineData("invalid")]
    public void Closed_line_puts_the_caller_through_to_3919_whatever_they_do(string trigger)
    {
        var closed = _flow.Start(new FlowContext(SaturdayMorning));

        var step = _flow.Fire(closed.Position, trigger, new FlowContext(SaturdayMorning));

        Assert.Equal("transfert-3919", step.Position.State);
        Assert.Equal(new DialInstruction("3919", "violences-femmes-info", 40), step.Instructions[^1]);
        Assert.Contains("39 19", Heard(step.Instructions), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", "danger", "17", "police")]
    [InlineData("2", "hebergement", "115", "hebergement-urgence")]
    [InlineData("3", "enfance", "119", "protection-enfance")]
    public void Menu_choice_says_the_number_then_dials_it(string key, string state, string number, string destination)
    {
        var step = Choose(key);

        Assert.Equal(state, step.Position.State);
        Assert.Equal(2, step.Instructions.Count);
        Assert.Equal(new DialInstruction(number, destination, 30), step.Instructions[1]);
        Assert.Equal($"transferring:{destination}", step.Outcome);
    }

    [Fact]
    public void Child_protection_number_comes_from_configuration()
    {
        var flow = FlowFiles.DefaultFlow(new FlowLoadOptions { DestinationNumbers = new Dictionary<string, string> { ["ChildProtection"] = "+33321000000" } });
        var menu = flow.Start(new FlowContext(TuesdayMorning));

        var step = flow.Fire(menu.Position, "digits:3", new FlowContext(TuesdayMorning));

        Assert.Equal("+33321000000", Assert.IsType<DialInstruction>(step.Instructions[^1]).Number);
    }

    [Theory]
    [InlineData("danger", "1", "busy", "17")]
    [InlineData("danger", "1", "no-answer", "17")]
    [InlineData("danger", "1", "failed", "17")]
    [InlineData("hebergement", "2", "failed", "115")]
    [InlineData("enfance", "3", "busy", "119")]
    public void Failed_transfer_says_the_number_again_then_hangs_up(string state, string key, string outcome, string number)
    {
        var transfer = Choose(key);
        Assert.Equal(state, transfer.Position.State);

        var step = _flow.Fire(transfer.Position, outcome, new FlowContext(TuesdayMorning));

        Assert.True(step.Ends);
        var heard = Heard(step.Instructions);
        Assert.Contains("Raccrochez", heard, StringComparison.Ordinal);
        Assert.Contains(number, heard, StringComparison.Ordinal);
        Assert.Equal($"transfer-{outcome}:{_flow.Definition.Destinations.Values.Single(d => d.Number == number).Name}", step.Outcome);
    }

    [Fact]
    public void Answered_transfer_ends_the_call_when_the_conversation_is_over()
    {
        var transfer = Choose("1");

        var step = _flow.Fire(transfer.Position, "answered", new FlowContext(TuesdayMorning));

        Assert.Equal([HangupInstruction.Instance], step.Instructions);
        Assert.Equal("transferred:police", step.Outcome);
    }

    [Fact]
    public void Choice_4_joins_the_social_workers_queue()
    {
        var step = Choose("4");

        Assert.Equal("file-ecoutantes", step.Position.State);
        var enqueue = Assert.IsType<EnqueueInstruction>(Assert.Single(step.Instructions));
        Assert.Equal("ecoutantes", enqueue.QueueName);
        Assert.Equal(600, enqueue.MaxWaitSeconds);
        Assert.Equal("queued", step.Outcome);
    }

    [Fact]
    public void No_key_replays_the_menu_twice_then_joins_the_queue()
    {
        var context = new FlowContext(TuesdayMorning);
        var step = _flow.Start(context);

        step = _flow.Fire(step.Position, "timeout", context);
        Assert.Equal(new CallPosition("accueil", 1), step.Position);
        Assert.StartsWith("Nous n'avons pas entendu", Heard(step.Instructions), StringComparison.Ordinal);

        step = _flow.Fire(step.Position, "timeout", context);
        Assert.Equal(new CallPosition("accueil", 2), step.Position);

        step = _flow.Fire(step.Position, "timeout", context);
        Assert.Equal("file-ecoutantes", step.Position.State);
    }

    [Fact]
    public void Unknown_key_says_so_and_replays_the_menu()
    {
        var context = new FlowContext(TuesdayMorning);
        var step = _flow.Fire(_flow.Start(context).Position, "invalid", context);

        Assert.Equal(new CallPosition("accueil", 1), step.Position);
        Assert.StartsWith("Ce choix n'existe pas", Heard(step.Instructions), StringComparison.Ordinal);
    }

    [Fact]
    public void Choice_after_a_replay_resets_the_replay_count()
    {
        var context = new FlowContext(TuesdayMorning);
        var replayed = _flow.Fire(_flow.Start(context).Position, "timeout", context);

        var step = _flow.Fire(replayed.Position, "digits:1", context);

        Assert.Equal(new CallPosition("danger", 0), step.Position);
    }

    [Fact]
    public void Queue_overflow_explains_and_transfers_to_3919()
    {
        var queued = Choose("4");

        var step = _flow.Fire(queued.Position, "overflow", new FlowContext(TuesdayMorning));

        Assert.Equal("transfert-3919", step.Position.State);
        Assert.Contains("ne sont pas disponibles", Heard(step.Instructions), StringComparison.Ordinal);
        Assert.Equal("3919", Assert.IsType<DialInstruction>(step.Instructions[^1]).Number);
    }

    [Fact]
    public void Queue_answered_ends_the_call()
    {
        var step = _flow.Fire(Choose("4").Position, "answered", new FlowContext(TuesdayMorning));

        Assert.True(step.Ends);
        Assert.Equal("answered", step.Outcome);
    }

    [Fact]
    public void Operator_override_closes_the_line_during_hours()
    {
        var closure = new HoursOverride(HoursOverrideMode.Closed, TuesdayMorning.AddHours(2), "Équipe en formation");

        var step = _flow.Start(new FlowContext(TuesdayMorning, closure));

        Assert.Equal("ferme-offre-3919", step.Position.State);
        Assert.Contains("Équipe en formation", step.Transitions[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Operator_override_opens_the_line_on_a_saturday_until_it_expires()
    {
        var opening = new HoursOverride(HoursOverrideMode.Open, SaturdayMorning.AddHours(1), "Crise");

        Assert.Equal("accueil", _flow.Start(new FlowContext(SaturdayMorning, opening)).Position.State);
        Assert.Equal("ferme-offre-3919", _flow.Start(new FlowContext(SaturdayMorning.AddHours(1), opening)).Position.State);
    }

    [Fact]
    public void Trigger_that_does_not_apply_repeats_the_current_instructions()
    {
        var menu = _flow.Start(new FlowContext(TuesdayMorning));

        var step = _flow.Fire(menu.Position, "busy", new FlowContext(TuesdayMorning));

        Assert.True(step.Ignored);
        Assert.Equal(menu.Position, step.Position);
        Assert.Equal(Heard(menu.Instructions), Heard(step.Instructions));
        Assert.Equal(menu.Instructions.Select(i => i.GetType()), step.Instructions.Select(i => i.GetType()));
    }

    [Fact]
    public void Unknown_state_gets_the_emergency_message_and_a_transfer_to_3919()
    {
        var step = _flow.Fire(new CallPosition("supprime-depuis", 0), "timeout", new FlowContext(TuesdayMorning));

        Assert.True(step.Ignored);
        Assert.Contains("17", Heard(step.Instructions), StringComparison.Ordinal);
        Assert.Contains(step.Instructions, i => i is DialInstruction { Number: "3919" });
        Assert.IsType<HangupInstruction>(step.Instructions[^1]);
    }

    [Fact]
    public void Christmas_is_closed_with_the_holiday_named_in_the_event()
    {
        var step = _flow.Start(new FlowContext(ChristmasMorning));

        Assert.Equal("closed", step.Transitions[1].Trigger);
        Assert.Contains("Noël", step.Transitions[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Compiled_flow_exposes_the_stateless_graph()
    {
        var info = _flow.GetInfo();

        var mermaid = Stateless.Graph.MermaidGraph.Format(info);
        Assert.Contains("accueil", mermaid, StringComparison.Ordinal);
        Assert.Contains("digits:1", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_calls_on_one_flow_do_not_interfere()
    {
        var context = new FlowContext(TuesdayMorning);
        var start = _flow.Start(context);

        var results = Enumerable.Range(0, 2_000).AsParallel().Select(i =>
        {
            var key = (i % 4) + 1;
            return (key, step: _flow.Fire(start.Position, $"digits:{key}", context));
        }).ToList();

        var expected = new Dictionary<int, string> { [1] = "danger", [2] = "hebergement", [3] = "enfance", [4] = "file-ecoutantes" };
        Assert.All(results, r => Assert.Equal(expected[r.key], r.step.Position.State));
    }

    private FlowStep Choose(string key)
    {
        var context = new FlowContext(TuesdayMorning);
        return _flow.Fire(_flow.Start(context).Position, FlowTriggers.Digits(key), context);
    }

    private static string Describe(FlowTransition t) => $"{t.From}->{t.To}:{t.Trigger}";

    private static string Heard(IEnumerable<VoiceInstruction> instructions) => string.Join(" ", instructions.SelectMany(Words));

    private static IEnumerable<string> Words(VoiceInstruction instruction) => instruction switch
    {
        SayInstruction s => [s.Text],
        PlayInstruction p => [p.Text],
        GatherInstruction g => g.Prompt.SelectMany(Words),
        EnqueueInstruction e => Words(e.Hold),
        _ => [],
    };
}
