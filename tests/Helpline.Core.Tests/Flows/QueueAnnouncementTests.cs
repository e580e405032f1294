using Helpline.Core.Flows;
using Helpline.Core.Flows.Diagnostics;
using Helpline.Core.Queue;

namespace Helpline.Core.Tests.Flows;

/// <summary>
/// A queue state's announcements to a waiting caller, as the loader reads them and as they are filled in: the keys
/// <c>announce-position</c> and <c>announce-estimate</c>, their placeholders (known, unknown, the older <c>{attente}</c>),
/// the older <c>announce</c> key (with and without <c>{attente}</c>, with an unknown placeholder, beside the new keys),
/// and texts too long once filled in.
/// </summary>
public sealed class QueueAnnouncementTests
{
    private const string Hold = "    hold: Patientez.\n";

    [Fact]
    public void Position_and_estimate_texts_are_read_and_said_one_after_the_other()
    {
        var result = Load("    announce-position: \"Vous êtes en position {position}.\"\n    announce-estimate: \"Attente estimée : entre {attente-min} et {attente-max} minutes.\"\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        var texts = Queue(result).Announcements!;
        Assert.Equal("Vous êtes en position 3. Attente estimée : entre 4 et 7 minutes.", texts.For(3, new WaitEstimate(4, 7)));
        Assert.Equal("Vous êtes en position 3.", texts.For(3, null));
    }

    [Fact]
    public void Estimate_text_alone_is_said_only_with_an_estimate()
    {
        var texts = Queue(Load("    announce-estimate: \"Environ {attente-min} à {attente-max} minutes pour la personne en position {position}.\"\n")).Announcements!;

        Assert.Equal("Environ 2 à 3 minutes pour la personne en position 1.", texts.For(1, new WaitEstimate(2, 3)));
        Assert.Null(texts.For(1, null));
    }

    [Fact]
    public void Queue_without_announcement_texts_has_none()
    {
        Assert.Null(Queue(Load(string.Empty)).Announcements);
    }

    [Theory]
    [InlineData("announce-position", "Vous êtes en position {rang}.", "{rang}")]
    [InlineData("announce-position", "Attente {attente-min} minutes.", "{attente-min}")]
    [InlineData("announce-estimate", "Attente estimée : {attente} minutes.", "{attente}")]
    [InlineData("announce-estimate", "Entre {attente min} et {attente-max}.", "{attente min}")]
    public void Unknown_placeholder_in_an_announcement_is_an_error_at_its_text(string key, string text, string placeholder)
    {
        var result = Load($"    {key}: \"{text}\"\n");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownPlaceholder);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(new SourcePosition(37, key.Length + 7), error.Position);
        Assert.Contains($"'{placeholder}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Older_attente_in_the_estimate_text_points_to_the_range_placeholders()
    {
        var error = Assert.Single(Load("    announce-estimate: \"{attente} minutes.\"\n").Diagnostics, d => d.Code == DiagnosticCodes.UnknownPlaceholder);

        Assert.Contains("{attente-min} to {attente-max}", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Older_announce_key_still_serves_its_position_sentence_with_a_warning_naming_the_new_keys()
    {
        var result = Load("    announce: \"Vous êtes en position {position}. Attente estimée : {attente} minutes.\"\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.ObsoleteKey, DiagnosticSeverity.Warning, new SourcePosition(37, 15)), (warning.Code, warning.Severity, warning.Position));
        Assert.Contains("\"Vous êtes en position {position}.\" only", warning.Message, StringComparison.Ordinal);
        Assert.Contains("{attente}", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'announce-position'", warning.Hint, StringComparison.Ordinal);
        Assert.Contains("'announce-estimate'", warning.Hint, StringComparison.Ordinal);
        // Never a single number of minutes: the sentence with {attente} is not said, even with an estimate.
        Assert.Equal("Vous êtes en position 2.", Queue(result).Announcements!.For(2, new WaitEstimate(3, 6)));
    }

    [Fact]
    public void Older_announce_key_without_attente_is_the_position_text()
    {
        var result = Load("    announce: \"Vous êtes la personne numéro {position}. Merci de rester en ligne.\"\n");

        Assert.Equal(DiagnosticCodes.ObsoleteKey, Assert.Single(result.Diagnostics).Code);
        Assert.Equal("Vous êtes la personne numéro 4. Merci de rester en ligne.", Queue(result).Announcements!.For(4, new WaitEstimate(3, 6)));
    }

    [Fact]
    public void Older_announce_key_whose_only_sentence_says_attente_announces_nothing()
    {
        var result = Load("    announce: \"Position {position}, attente {attente} minutes.\"\n");

        Assert.True(result.Succeeded);
        Assert.Contains("nothing of it", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
        Assert.Null(Queue(result).Announcements);
    }

    [Fact]
    public void Unknown_placeholder_in_the_older_key_is_a_warning_so_a_flow_that_served_still_starts()
    {
        var result = Load("    announce: \"Vous êtes en position {rang}.\"\n");

        Assert.True(result.Succeeded);
        var unknown = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownPlaceholder);
        Assert.Equal((DiagnosticSeverity.Warning, new SourcePosition(37, 15)), (unknown.Severity, unknown.Position));
    }

    [Fact]
    public void Older_key_beside_the_new_ones_is_an_error()
    {
        var result = Load("    announce: \"Position {position}.\"\n    announce-position: \"Position {position}.\"\n");

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal((DiagnosticCodes.InvalidValue, new SourcePosition(37, 15)), (error.Code, error.Position));
    }

    [Fact]
    public void Estimate_text_too_long_once_its_placeholders_are_filled_in_is_refused()
    {
        var result = Load($"    announce-estimate: \"{new string('a', 2980)} {{attente-min}} {{attente-max}}\"\n");

        var error = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.TextTooLong);
        Assert.Contains("'announce-estimate'", error.Message, StringComparison.Ordinal);
    }

    private static Helpline.Core.Flows.Loading.FlowLoadResult Load(string keys) => FlowFiles.Load(MinimalFlow.Replace(Hold, Hold + keys));

    private static QueueState Queue(Helpline.Core.Flows.Loading.FlowLoadResult result) => Assert.IsType<QueueState>(result.Flow!.FindState("file"));
}
