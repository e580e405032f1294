using Helpline.Core.Flows;
using Helpline.Core.Flows.Diagnostics;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Simulation;

namespace Helpline.Core.Tests.Flows;

/// <summary>
/// Tags as a flow feature: declared under <c>tags:</c>, set by a menu choice's long form, carried by the step that takes
/// the choice (and by nothing else), said in the worker's whisper, checked by scenarios. Inputs tried: the long form
/// with one tag, a single tag written without a list, an undeclared tag, a tag set by the line, a malformed name, a
/// name over 32 characters, 11 tags, a list where a text is expected, a tag block without its whisper, an unknown key
/// in the long form.
/// </summary>
public sealed class FlowTagsTests
{
    private const string Tags = """
        tags:
          ne-peut-pas-parler:
            label: Ne peut pas parler
            whisper: La personne ne peut pas parler.
          simple: Un appel simple.
          rappel-apres-coupure:
            label: Rappel après coupure
            whisper: Rappel après coupure.

        """;

    [Fact]
    public void A_choice_s_long_form_sets_declared_tags_on_the_step_that_takes_it()
    {
        var flow = FlowFiles.Compile(WithTags("      \"1\": police\n", "      \"1\": police\n      \"5\": { goto: file, tags: [ne-peut-pas-parler, simple] }\n"));
        var context = new FlowContext(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1)));
        var menu = flow.Start(context);

        var five = flow.Fire(menu.Position, flow.TriggerForDigits(menu.Position, "5"), context);
        var one = flow.Fire(menu.Position, flow.TriggerForDigits(menu.Position, "1"), context);
        var timeout = flow.Fire(menu.Position, FlowTriggers.Timeout, context);

        Assert.Empty(menu.Tags);
        Assert.Equal(["ne-peut-pas-parler", "simple"], five.Tags);
        Assert.Equal("file", five.Position.State);
        Assert.Empty(one.Tags);
        Assert.Empty(timeout.Tags);
    }

    [Fact]
    public void A_single_tag_may_be_written_without_a_list_and_a_text_declares_label_and_whisper_at_once()
    {
        var yaml = WithTags("      \"1\": police\n", "      \"1\": police\n      \"5\": { goto: file, tags: simple }\n");

        var load = FlowFiles.Load(yaml);

        Assert.True(load.Succeeded, string.Join("\n", load.Diagnostics));
        Assert.Equal(new TagDefinition("simple", "Un appel simple.", "Un appel simple.", PositionOf(yaml, "simple:")), load.Flow!.Tags["simple"]);
    }

    [Fact]
    public void An_undeclared_tag_is_reported_where_it_is_written_with_the_declared_ones()
    {
        var yaml = WithTags("      \"1\": police\n", "      \"1\": police\n      \"5\": { goto: file, tags: [ne-peut-pas-parlr] }\n");

        var error = Single(FlowFiles.Load(yaml), DiagnosticCodes.UnknownTag);

        Assert.Equal(PositionOf(yaml, "ne-peut-pas-parlr"), error.Position);
        Assert.Contains("ne-peut-pas-parler", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_menu_choice_cannot_set_the_tag_the_line_sets_itself()
    {
        var yaml = WithTags("      \"1\": police\n", "      \"1\": police\n      \"5\": { goto: file, tags: [rappel-apres-coupure] }\n");

        var error = Single(FlowFiles.Load(yaml), DiagnosticCodes.InvalidValue);

        Assert.Equal(PositionOf(yaml, "rappel-apres-coupure] }"), error.Position);
    }

    [Theory]
    [InlineData("Ne-Peut-Pas-Parler")]
    [InlineData("ne peut pas parler")]
    [InlineData("ne--peut")]
    [InlineData("-ne")]
    [InlineData("ne_peut")]
    [InlineData("une-etiquette-au-nom-de-33-lettre")]
    public void A_malformed_tag_name_is_reported_at_its_declaration(string name)
    {
        var yaml = MinimalFlow.Replace("states:\n", $"tags:\n  \"{name}\": Texte.\nstates:\n");

        var error = Single(FlowFiles.Load(yaml), DiagnosticCodes.InvalidTagName);

        Assert.Equal(PositionOf(yaml, $"\"{name}\""), error.Position);
    }

    [Fact]
    public void A_flow_declares_at_most_ten_tags()
    {
        var many = string.Concat(Enumerable.Range(1, CallTags.MaxTags + 1).Select(i => $"  t{i}: Texte {i}.\n"));
        var yaml = MinimalFlow.Replace("states:\n", "tags:\n" + many + "states:\n");

        var error = Single(FlowFiles.Load(yaml), DiagnosticCodes.InvalidValue);

        Assert.Equal(PositionOf(yaml, $"t{CallTags.MaxTags + 1}:"), error.Position);
    }

    [Theory]
    [InlineData("      \"5\": { goto: file, tags: { a: b } }\n", DiagnosticCodes.WrongType)]
    [InlineData("      \"5\": { goto: file, tags: [simple], tag: [simple] }\n", DiagnosticCodes.UnknownKey)]
    [InlineData("      \"5\": { tags: [simple] }\n", DiagnosticCodes.MissingKey)]
    [InlineData("      \"5\": { goto: nulle-part, tags: [simple] }\n", DiagnosticCodes.UnknownState)]
    public void A_malformed_long_form_choice_is_reported(string choice, string code)
    {
        var result = FlowFiles.Load(WithTags("      \"1\": police\n", "      \"1\": police\n" + choice));

        Single(result, code);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void A_tag_block_needs_its_whisper()
    {
        var yaml = MinimalFlow.Replace("states:\n", "tags:\n  muette:\n    label: Muette\nstates:\n");

        var error = Single(FlowFiles.Load(yaml), DiagnosticCodes.MissingKey);

        Assert.Contains("whisper", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Appel. Choix : {choix}.", "La personne ne peut pas parler. Appel. Choix : 4.")]
    [InlineData("Appel. {etiquettes} Choix : {choix}.", "Appel. La personne ne peut pas parler. Choix : 4.")]
    [InlineData(null, "La personne ne peut pas parler.")]
    public void The_whisper_says_the_tags_first_or_where_the_template_puts_them(string? template, string expected)
    {
        var queue = new QueueState("file", SourcePosition.Start, "q", new PromptDefinition(null, "Patientez.", SourcePosition.Start), 600,
            new StateReference("fin", SourcePosition.Start), new StateReference("fin", SourcePosition.Start), template);

        Assert.Equal(expected, queue.WhisperFor("4", 60, "La personne ne peut pas parler."));
        Assert.Equal(template?.Replace("{choix}", "4", StringComparison.Ordinal).Replace(" {etiquettes}", string.Empty, StringComparison.Ordinal), queue.WhisperFor("4", 60)); // no tags: the template alone
    }

    [Fact]
    public void What_tags_say_to_the_worker_follows_the_call_s_order_and_skips_undeclared_ones()
    {
        var flow = FlowFiles.Compile(WithTags("      \"1\": police\n", "      \"1\": police\n      \"5\": { goto: file, tags: [simple] }\n"));

        Assert.Equal("Rappel après coupure. La personne ne peut pas parler.", flow.Definition.TagWhispers(["rappel-apres-coupure", "inconnue", "ne-peut-pas-parler"]));
    }

    [Fact]
    public void The_line_s_own_tags_are_whispered_and_labelled_in_built_in_words_when_the_flow_does_not_declare_them()
    {
        var load = FlowFiles.Load(MinimalFlow.Yaml);

        Assert.True(load.Succeeded, string.Join("\n", load.Diagnostics));
        Assert.Empty(load.Diagnostics); // validation needs no declaration of the tags the line sets itself
        var flow = load.Flow!;
        Assert.Equal("Rappel après coupure", flow.Tags[CallTags.Recall].Label);
        Assert.Equal("Appelant signalé", flow.Tags[CallTags.Watched].Label);
        var said = flow.TagWhispers([CallTags.Recall, CallTags.Watched]);
        Assert.Contains("Rappel après coupure", said, StringComparison.Ordinal);
        Assert.Contains("signalé", said, StringComparison.Ordinal);
        Assert.Empty(flow.DeclaredTags); // the statistics count what the file declares
    }

    [Fact]
    public void A_flow_that_declares_one_of_the_line_s_tags_gives_it_its_own_words_and_the_other_keeps_the_built_in_ones()
    {
        var flow = FlowFiles.Load(WithTags("      \"1\": police\n", "      \"1\": police\n")).Flow!;

        Assert.Equal("Rappel après coupure.", flow.TagWhispers([CallTags.Recall]));
        Assert.Equal(CallTags.BuiltIn[CallTags.Watched], flow.Tags[CallTags.Watched]);
        Assert.Equal(["ne-peut-pas-parler", "simple", "rappel-apres-coupure"], flow.DeclaredTags.Values.OrderBy(t => t.Position.Line).Select(t => t.Name));
    }

    [Fact]
    public void A_scenario_checks_the_call_s_tags()
    {
        var flow = FlowFiles.Compile(WithTags("      \"1\": police\n", "      \"1\": police\n      \"5\": { goto: file, tags: [simple] }\n"));
        var at = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1));
        Scenario Expecting(string key, params string[] tags) => new() { Name = "t", Position = SourcePosition.Start, At = at, Inputs = [key, "answered"], ExpectTags = tags };

        Assert.Empty(ScenarioRunner.Run("s.yaml", flow, Expecting("5", "simple")).Failures);
        Assert.Empty(ScenarioRunner.Run("s.yaml", flow, Expecting("1")).Failures);
        Assert.Contains("tags: expected [], got [simple]", Assert.Single(ScenarioRunner.Run("s.yaml", flow, Expecting("5")).Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_flow_tags_key_5_as_cannot_speak_and_queues_the_caller()
    {
        var flow = FlowFiles.DefaultFlow();
        var context = new FlowContext(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1)));
        var menu = flow.Start(context);

        var five = flow.Fire(menu.Position, flow.TriggerForDigits(menu.Position, "5"), context);

        Assert.Equal(["ne-peut-pas-parler"], five.Tags);
        Assert.Equal(new QueueJoined("ecoutantes", "5"), five.Joined);
        Assert.Contains("ne peut pas parler", flow.Definition.TagWhispers(five.Tags), StringComparison.Ordinal);
        Assert.True(flow.Definition.Tags.ContainsKey(CallTags.Recall));
    }

    private static string WithTags(string oldText, string newText) => MinimalFlow.Replace("states:\n", Tags + "states:\n").Replace(oldText, newText, StringComparison.Ordinal);

    private static SourcePosition PositionOf(string yaml, string needle)
    {
        var index = yaml.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, needle);
        var before = yaml[..index];
        return new SourcePosition(before.Count(c => c == '\n') + 1, index - before.LastIndexOf('\n'));
    }

    private static FlowDiagnostic Single(Helpline.Core.Flows.Loading.FlowLoadResult result, string code)
    {
        var matching = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matching.Count == 1, $"expected one {code}, got:\n{string.Join("\n", result.Diagnostics)}");
        return matching[0];
    }
}
