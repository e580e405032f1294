using Helpline.Core.Calendar;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Core.Voice;

namespace Helpline.Core.Tests.Flows;

/// <summary>
/// Runs the shipped flow <c>callflows/un-premier-pas.yaml</c> through every branch, as a caller would live it. Wherever
/// it sends everyone to the 39 19 (reserved to women), every caller also hears the 116 006 (all victims) and whether it
/// answers now, from its own calendar.
/// </summary>
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
        var heard = Heard(gather.Prompt);
        Assert.Contains("tapez 1", heard, StringComparison.Ordinal);
        Assert.Contains("Si vous ne pouvez pas parler, tapez 5", heard, StringComparison.Ordinal);
        Assert.Contains("écrivez au 114 par SMS", heard, StringComparison.Ordinal);
        Assert.Equal(["(new)->horaires:start", "horaires->accueil:open"], step.Transitions.Select(Describe));
    }

    [Theory]
    [InlineData("weekend, 116 006 open", "2026-11-28T10:00:00+01:00", "ferme-116006-ouvert")]
    [InlineData("Sunday evening, 116 006 closed", "2026-11-29T20:00:00+01:00", "ferme-116006-ferme")]
    [InlineData("evening, 116 006 open until 19:00", "2026-11-24T17:00:00+01:00", "ferme-116006-ouvert")]
    [InlineData("18:59:59, 116 006 still open", "2026-11-24T18:59:59+01:00", "ferme-116006-ouvert")]
    [InlineData("19:00, 116 006 just closed", "2026-11-24T19:00:00+01:00", "ferme-116006-ferme")]
    [InlineData("21:00, 116 006 closed", "2026-11-24T21:00:00+01:00", "ferme-116006-ferme")]
    [InlineData("early morning, 116 006 not open yet", "2026-11-24T08:59:59+01:00", "ferme-116006-ferme")]
    [InlineData("Christmas, 116 006 open on public holidays", "2026-12-25T10:00:00+01:00", "ferme-116006-ouvert")]
    [InlineData("Easter Monday 2027, 116 006 open", "2027-03-29T10:00:00+02:00", "ferme-116006-ouvert")]
    [InlineData("summer Sunday 09:00 Paris, 116 006 open", "2026-06-28T07:00:00Z", "ferme-116006-ouvert")]
    public void Closed_line_gives_the_emergency_numbers_and_the_116_006_then_offers_3919(string when, string instant, string variant)
    {
        var step = _flow.Start(new FlowContext(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.True(step.Position.State == "ferme-offre-3919", when);
        Assert.True(step.Transitions.Any(t => t.To == variant), $"{when}: {string.Join(", ", step.Transitions.Select(Describe))}");
        var heard = Heard(step.Instructions);
        foreach (var words in new[] { "17", "112", "écrivez au 114 par SMS", "115", "119", "39 19", "écoute les femmes", "116 006", "pour toutes les victimes, femmes et hommes" })
        {
            Assert.True(heard.Contains(words, StringComparison.Ordinal), $"{when}: '{words}' not heard in: {heard}");
        }

        var open = variant.EndsWith("-ouvert", StringComparison.Ordinal);
        Assert.True(open == heard.Contains("répond aujourd'hui jusqu'à 19 heures", StringComparison.Ordinal), when);
        Assert.True(!open == heard.Contains("est fermé en ce moment ; il répond tous les jours de 9 heures à 19 heures", StringComparison.Ordinal), when);
        Assert.True(heard.IndexOf("116 006", StringComparison.Ordinal) < heard.IndexOf("tapez 1", StringComparison.Ordinal), $"{when}: the 116 006 comes before the offer of the 39 19");
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
    public void Danger_advises_dialling_17_or_112_oneself_so_the_emergency_services_can_locate_the_phone_then_transfers()
    {
        var step = Choose("1");

        Assert.Equal("danger", step.Position.State);
        var advice = Heard([step.Instructions[0]]);
        Assert.Contains("raccrochez et composez vous-même le 17, ou le 112", advice, StringComparison.Ordinal);
        Assert.Contains("les secours pourront vous localiser", advice, StringComparison.Ordinal);
        Assert.Contains("restez en ligne", advice, StringComparison.Ordinal);
        Assert.Equal(new DialInstruction("17", "police", 30), step.Instructions[1]);
    }

    [Fact]
    public void Choice_5_for_a_caller_who_cannot_speak_joins_the_social_workers_queue_with_its_key()
    {
        var step = Choose("5");

        Assert.Equal("file-ecoutantes", step.Position.State);
        Assert.Equal(new QueueJoined("ecoutantes", "5"), step.Joined);
        Assert.Equal("queued", step.Outcome);
    }

    [Fact]
    public void Hold_message_says_the_call_is_free_and_confidential()
    {
        var step = Choose("4");

        Assert.Contains("gratuit et confidentiel", Heard(step.Instructions), StringComparison.Ordinal);
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

    [Theory]
    [InlineData("busy")]
    [InlineData("no-answer")]
    [InlineData("failed")]
    public void Failed_transfer_to_17_also_gives_the_114_by_sms(string outcome)
    {
        var step = _flow.Fire(Choose("1").Position, outcome, new FlowContext(TuesdayMorning));

        Assert.Equal("echec-17", step.Transitions[^2].To);
        Assert.Contains("écrivez au 114 par SMS", Heard(step.Instructions), StringComparison.Ordinal);
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
    public void Queue_overflow_explains_gives_the_116_006_open_now_and_transfers_to_3919()
    {
        var queued = Choose("4");

        var step = _flow.Fire(queued.Position, "overflow", new FlowContext(TuesdayMorning));

        Assert.Equal("transfert-3919", step.Position.State);
        Assert.Equal(["debordement", "debordement-116006", "debordement-116006-ouvert", "transfert-3919"], step.Transitions.Select(t => t.To));
        var heard = Heard(step.Instructions);
        Assert.Contains("ne sont pas disponibles", heard, StringComparison.Ordinal);
        Assert.Contains("écoute les femmes", heard, StringComparison.Ordinal);
        Assert.Contains("répond aujourd'hui jusqu'à 19 heures", heard, StringComparison.Ordinal);
        Assert.Equal("3919", Assert.IsType<DialInstruction>(step.Instructions[^1]).Number);
    }

    [Fact]
    public void Overflow_during_an_evening_opening_says_the_116_006_is_closed_whatever_the_override()
    {
        var evening = new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.FromHours(1));
        var context = new FlowContext(evening, new HoursOverride(HoursOverrideMode.Open, evening.AddHours(2), "Crise"));
        var queued = _flow.Fire(_flow.Start(context).Position, FlowTriggers.Digits("4"), context);

        var step = _flow.Fire(queued.Position, "overflow", context);

        Assert.Equal(["debordement", "debordement-116006", "debordement-116006-ferme", "transfert-3919"], step.Transitions.Select(t => t.To));
        Assert.Contains("est fermé en ce moment ; il répond tous les jours de 9 heures à 19 heures", Heard(step.Instructions), StringComparison.Ordinal);
        Assert.Equal("3919", Assert.IsType<DialInstruction>(step.Instructions[^1]).Number);
    }

    [Theory]
    [InlineData("Tuesday 10:00, 116 006 open", "2026-11-24T10:00:00+01:00", "echec-3919-116006-ouvert")]
    [InlineData("Saturday 22:00, 116 006 closed", "2026-11-28T22:00:00+01:00", "echec-3919-116006-ferme")]
    public void Failed_transfer_to_3919_says_it_again_with_17_112_and_the_116_006_then_hangs_up(string when, string instant, string variant)
    {
        var at = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        var context = new FlowContext(at, new HoursOverride(HoursOverrideMode.Closed, at.AddHours(1), "essai"));
        var offer = _flow.Start(context);
        var transfer = _flow.Fire(offer.Position, FlowTriggers.Digits("1"), context);

        var step = _flow.Fire(transfer.Position, "failed", context);

        Assert.True(step.Ends, when);
        Assert.Equal(["echec-3919", "echec-3919-116006", variant, "fin"], step.Transitions.Select(t => t.To));
        var heard = Heard(step.Instructions);
        foreach (var words in new[] { "composez vous-même le 39 19", "le 17, ou le 112", "116 006" })
        {
            Assert.True(heard.Contains(words, StringComparison.Ordinal), $"{when}: '{words}' not heard in: {heard}");
        }
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
        Assert.Contains(step.Transitions, t => t.To == "ferme-116006-ouvert" && t.Detail == "RegularHours, calendar 'france-victimes'");
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
        var heard = Heard(step.Instructions);
        Assert.Contains("17", heard, StringComparison.Ordinal);
        Assert.Contains("écrivez au 114 par SMS", heard, StringComparison.Ordinal);
        Assert.Contains("le 116 006 répond tous les jours de 9 heures à 19 heures", heard, StringComparison.Ordinal);
        Assert.Contains("écoute les femmes", heard, StringComparison.Ordinal);
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
            var key = (i % 5) + 1;
            return (key, step: _flow.Fire(start.Position, $"digits:{key}", context));
        }).ToList();

        var expected = new Dictionary<int, string> { [1] = "danger", [2] = "hebergement", [3] = "enfance", [4] = "file-ecoutantes", [5] = "file-ecoutantes" };
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
