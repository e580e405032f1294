using Helpline.Core.Flows;
using Helpline.Core.Flows.Diagnostics;
using Helpline.Core.Flows.Loading;

namespace Helpline.Core.Tests.Flows;

/// <summary>One test per kind of mistake the validator reports, each asserting the code, the line and the column.</summary>
public sealed class FlowValidationTests
{
    [Fact]
    public void Minimal_flow_is_valid()
    {
        var result = FlowFiles.Load(MinimalFlow.Yaml);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Tab_indentation_is_a_syntax_error_at_its_line()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    type: hours\n", "\ttype: hours\n"));

        var error = Single(result, DiagnosticCodes.Syntax);
        Assert.Equal(11, error.Position.Line);
    }

    [Fact]
    public void Unterminated_quote_is_a_syntax_error()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("  police: \"17\"", "  police: \"17"));

        Assert.False(result.Succeeded);
        Assert.Equal(DiagnosticCodes.Syntax, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Misspelt_key_is_reported_with_a_suggestion()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    open: menu", "    opne: menu"));

        var error = Single(result, DiagnosticCodes.UnknownKey);
        Assert.Equal(new SourcePosition(12, 5), error.Position);
        Assert.Contains("did you mean 'open'", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_key_is_reported_at_its_block()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    prompt: Nous sommes fermés. Composez le 39 19.\n    next: fin\n", "    prompt: Nous sommes fermés. Composez le 39 19.\n"));

        var error = Single(result, DiagnosticCodes.MissingKey);
        Assert.Equal(new SourcePosition(15, 5), error.Position);
        Assert.Contains("'next'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_where_a_block_is_expected_is_a_wrong_type()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    choices:\n      \"1\": police\n", "    choices: [1, 2]\n"));

        var error = Single(result, DiagnosticCodes.WrongType);
        Assert.Equal(new SourcePosition(21, 14), error.Position);
    }

    [Fact]
    public void Key_written_twice_is_reported_at_the_second()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    type: hours\n", "    type: hours\n    type: hours\n"));

        var error = Single(result, DiagnosticCodes.DuplicateKey);
        Assert.Equal(new SourcePosition(12, 5), error.Position);
        Assert.Contains("first at line 11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_state_type_is_an_invalid_value()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    type: hours", "    type: hour"));

        var error = Single(result, DiagnosticCodes.InvalidValue);
        Assert.Equal(new SourcePosition(11, 11), error.Position);
    }

    [Fact]
    public void Out_of_range_number_is_an_invalid_value()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    on-timeout: file", "    on-timeout: file\n    timeout-seconds: 600"));

        var error = Single(result, DiagnosticCodes.InvalidValue);
        Assert.Equal(new SourcePosition(24, 22), error.Position);
    }

    [Fact]
    public void Reference_to_a_missing_state_is_reported_where_written()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    open: menu", "    open: menuu"));

        var error = Single(result, DiagnosticCodes.UnknownState);
        Assert.Equal(new SourcePosition(12, 11), error.Position);
        Assert.Contains("did you mean 'menu'", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Transfer_to_a_missing_destination_is_reported()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    to: police", "    to: pompiers"));

        var error = Single(result, DiagnosticCodes.UnknownDestination);
        Assert.Equal(new SourcePosition(26, 9), error.Position);
    }

    [Fact]
    public void State_nobody_leads_to_is_unreachable()
    {
        var result = FlowFiles.Load(MinimalFlow.Yaml + "\n  orphelin:\n    type: hangup\n    prompt: Au revoir.\n");

        var error = Single(result, DiagnosticCodes.UnreachableState);
        Assert.Equal(new SourcePosition(41, 3), error.Position);
    }

    [Fact]
    public void Queue_that_only_leads_back_to_itself_has_no_way_out()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    answered: fin\n    overflow: echec", "    answered: file\n    overflow: file"));

        var error = Single(result, DiagnosticCodes.NoWayOut);
        Assert.Equal(new SourcePosition(34, 3), error.Position);
    }

    [Fact]
    public void Failed_transfer_that_hangs_up_without_a_word_is_silence()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    failed: echec", "    failed: fin"));

        var error = Single(result, DiagnosticCodes.Silence);
        Assert.Equal(new SourcePosition(29, 13), error.Position);
    }

    [Fact]
    public void Empty_prompt_is_silence()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    hold: Patientez.", "    hold: \"  \""));

        var error = Single(result, DiagnosticCodes.Silence);
        Assert.Equal(new SourcePosition(36, 11), error.Position);
    }

    [Fact]
    public void Prompt_made_only_of_characters_an_answer_cannot_carry_is_silence()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    hold: Patientez.", "    hold: \"\\x01\\uFFFE\""));

        var error = Single(result, DiagnosticCodes.Silence);
        Assert.Equal(new SourcePosition(36, 11), error.Position);
    }

    [Fact]
    public void Choice_that_starts_another_choice_overlaps()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("      \"1\": police\n", "      \"1\": police\n      \"12\": echec\n"));

        var error = Single(result, DiagnosticCodes.OverlappingChoices);
        Assert.Equal(new SourcePosition(23, 7), error.Position);
    }

    [Fact]
    public void Menu_without_timeout_path_is_reported()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("      \"1\": police\n    on-timeout: file\n", "      \"1\": police\n      \"2\": file\n"));

        var error = Single(result, DiagnosticCodes.MenuWithoutTimeout);
        Assert.Equal(new SourcePosition(19, 5), error.Position);
        Assert.Contains("on-timeout", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_that_lead_back_to_each_other_are_an_endless_loop()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    prompt: Nous sommes fermés. Composez le 39 19.\n    next: fin", "    prompt: Nous sommes fermés. Composez le 39 19.\n    next: horaires"));

        var errors = result.Diagnostics.Where(d => d.Code == DiagnosticCodes.AutomaticLoop).ToList();
        Assert.Equal([new SourcePosition(10, 3), new SourcePosition(14, 3)], errors.Select(e => e.Position));
    }

    [Theory]
    [InlineData("01 23 45 67 89", "+33123456789")]
    [InlineData("17a", "E.164")]
    [InlineData("+0123", "E.164")]
    public void Number_that_cannot_be_dialled_is_reported(string number, string hint)
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("  police: \"17\"", $"  police: \"{number}\""));

        var error = Single(result, DiagnosticCodes.InvalidPhoneNumber);
        Assert.Equal(new SourcePosition(4, 11), error.Position);
        Assert.Contains(hint, error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("17")]
    [InlineData("112")]
    [InlineData("115")]
    [InlineData("119")]
    [InlineData("3919")]
    [InlineData("116006")]
    [InlineData("+33123456789")]
    public void French_short_numbers_and_E164_are_dialable(string number) => Assert.True(PhoneNumbers.IsDialable(number), number);

    [Fact]
    public void Missing_recording_is_a_warning_and_the_text_is_spoken()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    hold: Patientez.", "    hold:\n      audio: prompts/attente.wav\n      text: Patientez."));

        Assert.True(result.Succeeded);
        var warning = Single(result, DiagnosticCodes.MissingPrompt);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(new SourcePosition(37, 7), warning.Position);
    }

    [Fact]
    public void Recording_outside_the_prompts_folder_is_refused()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    hold: Patientez.", "    hold:\n      audio: ../secret.wav\n      text: Patientez."));

        var error = Single(result, DiagnosticCodes.InvalidValue);
        Assert.Equal(new SourcePosition(37, 7), error.Position);
    }

    [Theory]
    [InlineData("301 characters", "\"{0}\"", 301)]
    [InlineData("a tab", "\"ech\\tec\"", 0)]
    [InlineData("a control character", "\"ech\\x01ec\"", 0)]
    [InlineData("a non-character", "\"ech\\uFFFEec\"", 0)]
    [InlineData("a space before", "\" echec\"", 0)]
    [InlineData("a no-break space after", "\"echec\\u00A0\"", 0)]
    public void State_name_the_step_urls_cannot_carry_is_refused_at_its_key(string what, string written, int length)
    {
        var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, written, new string('e', length));
        var result = FlowFiles.Load(MinimalFlow.Yaml.Replace("  echec:\n", $"  {name}:\n", StringComparison.Ordinal)
            .Replace(": echec\n", $": {name}\n", StringComparison.Ordinal));

        var error = Single(result, DiagnosticCodes.InvalidStateName);
        Assert.True(new SourcePosition(30, 3) == error.Position, $"{what}: {error}");
        Assert.False(result.Succeeded, what);
    }

    [Fact]
    public void State_name_of_300_characters_with_accents_and_signs_is_valid()
    {
        const string signs = "é&#%+?/ 中🚨";
        var name = signs + new string('e', 300 - signs.Length);
        var result = FlowFiles.Load(MinimalFlow.Yaml.Replace("echec", name, StringComparison.Ordinal));

        Assert.Equal(300, name.Length);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Theory]
    [InlineData("3,001 bytes", "a", 3001)]
    [InlineData("1,501 bytes but 4,503 characters URL-encoded", "+", 1501)]
    [InlineData("1,502 bytes of accented letters, 4,506 characters URL-encoded", "é", 751)]
    public void Text_too_long_to_be_spoken_is_refused_where_it_is_written(string what, string letter, int count)
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    hold: Patientez.", $"    hold: \"{string.Concat(Enumerable.Repeat(letter, count))}\""));

        var error = Single(result, DiagnosticCodes.TextTooLong);
        Assert.True(new SourcePosition(36, 11) == error.Position, $"{what}: {error}");
    }

    [Fact]
    public void Text_of_3000_bytes_is_valid()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    hold: Patientez.", $"    hold: {new string('a', 3000)}"));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void Whisper_too_long_once_its_placeholders_are_filled_in_is_refused()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    hold: Patientez.", $"    hold: Patientez.\n    whisper: \"{new string('a', 2990)} {{attente}}\""));

        var error = Single(result, DiagnosticCodes.TextTooLong);
        Assert.Equal(new SourcePosition(37, 14), error.Position);
        Assert.Contains("'whisper'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("64 characters", "\"{0}\"", 64)]
    [InlineData("a tab", "\"file\\tecoute\"", 0)]
    [InlineData("a non-character", "\"\\uFFFE\"", 0)]
    public void Queue_name_the_provider_refuses_is_reported_at_the_name(string what, string written, int length)
    {
        var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, written, new string('q', length));
        var result = FlowFiles.Load(MinimalFlow.Replace("    type: queue\n", $"    type: queue\n    queue: {name}\n"));

        var error = Single(result, DiagnosticCodes.InvalidQueueName);
        Assert.True(new SourcePosition(36, 12) == error.Position, $"{what}: {error}");
    }

    [Fact]
    public void Queue_name_of_63_characters_is_valid()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    type: queue\n", $"    type: queue\n    queue: {new string('q', 63)}\n"));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void Messages_that_chain_into_an_answer_too_large_for_the_provider_are_refused_where_the_call_enters_them()
    {
        // Closed: horaires -> ferme -> m1 -> ... -> m22 -> fin, all in one answer: 23 texts of 2,900 bytes.
        var text = new string('a', 2900);
        var chain = string.Concat(Enumerable.Range(1, 22).Select(i => $"\n  m{i}:\n    type: message\n    prompt: {text}\n    next: {(i == 22 ? "fin" : $"m{i + 1}")}"));
        var yaml = MinimalFlow.Replace("    prompt: Nous sommes fermés. Composez le 39 19.\n    next: fin", $"    prompt: {text}\n    next: m1") + chain + "\n";

        var result = FlowFiles.Load(yaml);

        var error = Single(result, DiagnosticCodes.AnswerTooLarge);
        Assert.Equal(new SourcePosition(10, 3), error.Position);
        Assert.Contains("horaires → ferme → m1 → … → m22 → fin (25 states)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_that_chain_into_an_answer_the_provider_takes_are_valid()
    {
        var text = new string('a', 2900);
        var chain = string.Concat(Enumerable.Range(1, 18).Select(i => $"\n  m{i}:\n    type: message\n    prompt: {text}\n    next: {(i == 18 ? "fin" : $"m{i + 1}")}"));
        var yaml = MinimalFlow.Replace("    prompt: Nous sommes fermés. Composez le 39 19.\n    next: fin", $"    prompt: {text}\n    next: m1") + chain + "\n";

        var result = FlowFiles.Load(yaml);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Theory]
    [InlineData("prompts/attente.ogg", "prompts/attente.ogg")]
    [InlineData("prompts/attente.m4a", "prompts/attente.m4a")]
    [InlineData("prompts/attente", "prompts/attente")]
    public void Recording_the_provider_cannot_play_is_a_warning_and_its_text_is_spoken(string audio, string file)
    {
        var yaml = MinimalFlow.Replace("    hold: Patientez.", $"    hold:\n      audio: {audio}\n      text: Patientez.");

        var result = FlowFiles.Load(yaml, null, file);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = Single(result, DiagnosticCodes.UnplayableRecording);
        Assert.Equal((DiagnosticSeverity.Warning, new SourcePosition(37, 7)), (warning.Severity, warning.Position));
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.MissingPrompt);
    }

    [Fact]
    public void One_recording_played_with_different_words_is_a_warning_at_the_later_prompt()
    {
        var yaml = MinimalFlow.Replace("    prompt: Composez le 17.\n    next: fin", "    prompt:\n      audio: prompts/numeros.wav\n      text: Composez le 17.\n    next: fin")
            .Replace("    hold: Patientez.", "    hold:\n      audio: prompts/numeros.wav\n      text: Patientez.", StringComparison.Ordinal);

        var result = FlowFiles.Load(yaml, null, "prompts/numeros.wav");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = Single(result, DiagnosticCodes.RecordingWithOtherWords);
        Assert.Equal((DiagnosticSeverity.Warning, new SourcePosition(39, 7)), (warning.Severity, warning.Position));
        Assert.Contains("state 'file': recording 'prompts/numeros.wav' is also played by state 'echec' with other words", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_recording_played_with_the_same_words_laid_out_differently_is_valid()
    {
        var yaml = MinimalFlow.Replace("    prompt: Composez le 17.\n    next: fin", "    prompt:\n      audio: prompts/numeros.wav\n      text: Composez le 17.\n    next: fin")
            .Replace("    hold: Patientez.", "    hold:\n      audio: prompts/numeros.wav\n      text: >-\n        Composez\n        le 17.", StringComparison.Ordinal);

        var result = FlowFiles.Load(yaml, null, "prompts/numeros.wav");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Unused_destination_is_a_warning()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("  vfi: \"3919\"", "  vfi: \"3919\"\n  samu: \"15\""));

        Assert.True(result.Succeeded);
        Assert.Equal(new SourcePosition(6, 3), Single(result, DiagnosticCodes.UnusedDestination).Position);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var yaml = MinimalFlow.Replace("    open: menu", "    opne: menuu").Replace("    to: police", "    to: pompiers", StringComparison.Ordinal);

        var result = FlowFiles.Load(yaml);

        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownKey);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.MissingKey);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownDestination);
    }

    [Fact]
    public void Diagnostic_prints_like_a_compiler()
    {
        var result = FlowFiles.Load(MinimalFlow.Replace("    open: menu", "    open: menuu"));

        var line = Single(result, DiagnosticCodes.UnknownState).ToString();
        Assert.Matches(@"^.*flow\.yaml:12:11: error HL200: state 'horaires' \(open\) refers to state 'menuu', which does not exist \(hint: did you mean 'menu'\?\)$", line);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("- a\n- b\n", "block of keys")]
    [InlineData("just text", "block of keys")]
    [InlineData("a: &x [1]\nb: *x\n", "anchors")]
    [InlineData("flow: a\n---\nflow: b\n", "more than one YAML document")]
    public void Not_a_flow_is_reported_without_throwing(string yaml, string expected)
    {
        var result = FlowFiles.Load(yaml);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Deeply_nested_yaml_is_refused_without_overflowing_the_stack()
    {
        var yaml = "flow: " + new string('[', 10_000) + new string(']', 10_000);

        var result = FlowFiles.Load(yaml);

        Assert.Equal(DiagnosticCodes.Syntax, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Binary_file_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("helpline-flow-").FullName;
        var path = Path.Combine(dir, "flow.yaml");
        File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0xFE]);

        var result = FlowLoader.LoadFile(path);

        Assert.Contains("not UTF-8", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    private static FlowDiagnostic Single(FlowLoadResult result, string code)
    {
        var matching = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matching.Count == 1, $"expected one {code}, got:\n{string.Join("\n", result.Diagnostics)}");
        return matching[0];
    }
}
