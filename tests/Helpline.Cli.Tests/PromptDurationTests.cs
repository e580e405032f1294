using System.Globalization;
using System.Text.RegularExpressions;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Loading;
using Helpline.Core.Flows.Validation;

namespace Helpline.Cli.Tests;

/// <summary>
/// The default flow's recordings stay short and the operators' guide says how long they are: the welcome menu lasts
/// under 30 seconds, and the guide's table ("Durée des enregistrements", refreshed by <c>ops/prompt-durations</c>)
/// lists every recording the flow plays with its duration as read from the WAV files' headers.
/// </summary>
public sealed partial class PromptDurationTests
{
    /// <summary>A frightened caller should not wait longer than this for the menu to end.</summary>
    private const double WelcomeLimitSeconds = 30.0;

    private static readonly string Guide = File.ReadAllText(Path.Combine(Repo.Root, "docs", "guide-operateur.md"));

    private static readonly FlowDefinition Flow = FlowLoader.LoadFile(Repo.DefaultFlow).Flow!;

    [Fact]
    public void Welcome_menu_recording_lasts_under_30_seconds()
    {
        var seconds = WavFile.DurationSeconds(Recording(WelcomePrompt()));

        Assert.True(IsShortEnough(seconds), $"{WelcomePrompt()} lasts {seconds:0.00} s; the welcome menu must stay under {WelcomeLimitSeconds} s");
    }

    [Theory]
    [InlineData(29.999875, true)]
    [InlineData(30.0, false)]
    [InlineData(31.5, false)]
    public void Welcome_limit_refuses_30_seconds_or_more(double seconds, bool accepted) => Assert.Equal(accepted, IsShortEnough(seconds));

    [Fact]
    public void Guide_table_lists_every_recording_of_the_default_flow_with_its_duration()
    {
        var table = GuideTable();
        var recordings = FlowGraphValidator.Prompts(Flow).Select(p => p.Prompt.AudioPath).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

        Assert.Equal(recordings.Order(StringComparer.Ordinal), table.Keys.Order(StringComparer.Ordinal));
        var wrong = recordings
            .Select(path => (path, written: table[path], measured: WavFile.DurationSeconds(Recording(path))))
            .Where(r => Math.Abs(r.written - r.measured) > 0.05 + 1e-9)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.path}: the guide says {r.written:0.0} s, the file lasts {r.measured:0.000} s"))
            .ToList();
        Assert.True(wrong.Count == 0, "run ops/prompt-durations --update:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Guide_gives_the_welcome_duration_after_the_change_as_the_table_does()
    {
        var after = AfterSentence().Match(Guide);

        Assert.True(after.Success, "the guide no longer gives the welcome menu's duration before and after");
        Assert.Equal(GuideTable()[WelcomePrompt()], Seconds(after.Groups["after"].Value));
    }

    [Theory]
    [InlineData(8000, 1, 240_000, 30.0)]
    [InlineData(8000, 1, 208_993, 26.124125)]
    [InlineData(16000, 2, 8_000, 0.5)]
    public void Wav_duration_is_read_from_the_header_past_other_chunks(int sampleRate, short channels, long frames, double expected)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("helpline-wav-").FullName, "essai.wav");
        WavFile.WriteSilence(path, sampleRate, channels, frames);

        Assert.Equal(expected, WavFile.DurationSeconds(path), 6);
    }

    [Fact]
    public void File_that_is_not_a_wav_is_refused()
    {
        var path = Repo.TempFile("essai.wav", "RIFF....not a wave file");

        Assert.Throws<InvalidDataException>(() => WavFile.DurationSeconds(path));
    }

    private static bool IsShortEnough(double seconds) => seconds < WelcomeLimitSeconds;

    private static string WelcomePrompt() =>
        (Flow.FindState("accueil") as MenuState)?.Prompt.AudioPath ?? throw new InvalidOperationException("the default flow has no recorded 'accueil' menu");

    private static string Recording(string audioPath) => Path.Combine(Repo.Root, "callflows", audioPath);

    /// <summary>The guide's table between its markers: recording → seconds.</summary>
    private static Dictionary<string, double> GuideTable()
    {
        var start = Guide.IndexOf("<!-- durées:début -->", StringComparison.Ordinal);
        var end = Guide.IndexOf("<!-- durées:fin -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the guide has lost its durations table markers");
        return TableRow().Matches(Guide[start..end]).ToDictionary(m => m.Groups["path"].Value, m => Seconds(m.Groups["seconds"].Value), StringComparer.Ordinal);
    }

    private static double Seconds(string french) => double.Parse(french.Replace(',', '.'), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\| `(?<path>prompts/[^`]+)` \| (?<seconds>\d+,\d) s \|$", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"\*\*(?<before>\d+,\d) s\*\* avant .*?\*\*(?<after>\d+,\d) s\*\* après", RegexOptions.Singleline)]
    private static partial Regex AfterSentence();
}
