using Helpline.Cli.Commands;

namespace Helpline.Cli.Tests;

/// <summary>validate, graph and simulate as an operator uses them, including the bad inputs they must survive.</summary>
public sealed class CommandTests
{
    [Fact]
    public void Valid_flow_validates_with_exit_0()
    {
        var (code, output, _) = Repo.Run((o, e) => ValidateCommand.Run([Repo.DefaultFlow], o, e));

        Assert.Equal(0, code);
        Assert.Contains(": ok (24 states", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty file", "", "HL100")]
    [InlineData("only a comment", "# rien\n", "HL100")]
    [InlineData("tabs", "flow: x\nstates:\n\tfin:\n", "HL100")]
    [InlineData("alias bomb", "a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n", "HL100")]
    [InlineData("wrong type", "flow: [x]\nstart: a\nstates: {}\n", "HL103")]
    [InlineData("unknown key", "flow: x\nstart: a\nstatez: {}\n", "HL101")]
    [InlineData("list at the top", "- flow: x\n", "HL103")]
    public void Bad_file_is_reported_with_exit_1_and_no_stack_trace(string name, string content, string code)
    {
        var path = Repo.TempFile("flow.yaml", content);

        var (exit, output, error) = Repo.Run((o, e) => ValidateCommand.Run([path], o, e));

        Assert.True(exit == 1, name);
        Assert.Contains($"error {code}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_file_is_reported()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("helpline-cli-").FullName, "flow.yaml");
        File.WriteAllBytes(path, [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0xFF, 0xFE, 0x00]);

        var (exit, output, _) = Repo.Run((o, e) => ValidateCommand.Run([path], o, e));

        Assert.Equal(1, exit);
        Assert.Contains("not UTF-8 text", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Fifty_megabyte_file_is_refused_without_being_parsed()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("helpline-cli-").FullName, "flow.yaml");
        using (var stream = File.Create(path))
        {
            stream.SetLength(50L * 1024 * 1024);
        }

        var (exit, output, _) = Repo.Run((o, e) => ValidateCommand.Run([path], o, e));

        Assert.Equal(1, exit);
        Assert.Contains("may not exceed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_yaml_is_refused()
    {
        var path = Repo.TempFile("flow.yaml", "flow: " + new string('[', 100_000) + new string(']', 100_000));

        var (exit, output, _) = Repo.Run((o, e) => ValidateCommand.Run([path], o, e));

        Assert.Equal(1, exit);
        Assert.Contains("nested more than", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_path_is_an_error_not_a_crash()
    {
        var (exit, _, error) = Repo.Run((o, e) => ValidateCommand.Run(["/nonexistent/flow.yaml"], o, e));

        Assert.Equal(1, exit);
        Assert.Contains("no such file or folder", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mermaid", "accueil --> danger : digits:1")]
    [InlineData("dot", "\"accueil\" -> \"danger\" [style=\"solid\", label=\"digits:1\"]")]
    public void Graph_labels_every_edge_with_its_trigger(string format, string edge)
    {
        var (exit, output, _) = Repo.Run((o, e) => GraphCommand.Run(Repo.DefaultFlow, format, null, o, e));

        Assert.Equal(0, exit);
        Assert.Contains(edge, output, StringComparison.Ordinal);
        Assert.Contains("busy", output, StringComparison.Ordinal);
        Assert.Contains("closed", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mermaid", "ferme116006 --> ferme116006ferme : closed [calendar 'france-victimes']", "horaires --> accueil : open [flow calendar or override]")]
    [InlineData("dot", "\"ferme-116006\" -> \"ferme-116006-ferme\" [style=\"solid\", label=\"closed [calendar 'france-victimes']\"]", "\"horaires\" -> \"accueil\" [style=\"solid\", label=\"open [flow calendar or override]\"]")]
    public void Graph_names_the_calendar_each_hours_branch_follows(string format, string named, string own)
    {
        var (exit, output, _) = Repo.Run((o, e) => GraphCommand.Run(Repo.DefaultFlow, format, null, o, e));

        Assert.Equal(0, exit);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.Contains(own, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tuesday 18:00 Paris, 116 006 open", "2026-11-24T18:00", "[ferme-116006] decision: open (RegularHours, calendar 'france-victimes')", "répond aujourd'hui jusqu'à 19 heures")]
    [InlineData("Tuesday 19:00 Paris, 116 006 closed", "2026-11-24T19:00", "[ferme-116006] decision: closed (OutsideHours, calendar 'france-victimes')", "est fermé en ce moment")]
    [InlineData("Christmas 10:00, 116 006 open on public holidays", "2026-12-25T10:00", "[ferme-116006] decision: open (RegularHours, calendar 'france-victimes')", "répond aujourd'hui")]
    public void Simulate_at_decides_the_116_006_with_its_own_calendar(string when, string at, string decision, string heard)
    {
        var (exit, output, _) = Repo.Run((o, e) => SimulateCommand.Run(Repo.DefaultFlow, at, "timeout,answered", "answered", "answered", TextReader.Null, o, e));

        Assert.True(exit == 0, when);
        Assert.True(output.Contains(decision, StringComparison.Ordinal), $"{when}:\n{output}");
        Assert.True(output.Contains(heard, StringComparison.Ordinal), $"{when}:\n{output}");
    }

    [Fact]
    public void Graph_writes_to_a_file()
    {
        var target = Path.Combine(Directory.CreateTempSubdirectory("helpline-cli-").FullName, "flow.mmd");

        var (exit, _, _) = Repo.Run((o, e) => GraphCommand.Run(Repo.DefaultFlow, "mermaid", target, o, e));

        Assert.Equal(0, exit);
        Assert.StartsWith("stateDiagram-v2", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_prints_the_transcript_non_interactively()
    {
        var (exit, output, _) = Repo.Run((o, e) => SimulateCommand.Run(Repo.DefaultFlow, "2026-11-24T10:00:00+01:00", "4,overflow", "busy", "answered", TextReader.Null, o, e));

        Assert.Equal(0, exit);
        Assert.Contains("[accueil] presses: 4", output, StringComparison.Ordinal);
        Assert.Contains("joins 'ecoutantes'", output, StringComparison.Ordinal);
        Assert.Contains("transfer-result: busy", output, StringComparison.Ordinal);
        Assert.Contains("outcome: transfer-busy:violences-femmes-info", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_reads_keys_from_the_terminal()
    {
        using var keys = new StringReader("\n3\n");

        var (exit, output, _) = Repo.Run((o, e) => SimulateCommand.Run(Repo.DefaultFlow, "2026-11-24T10:00:00+01:00", null, "answered", "answered", keys, o, e));

        Assert.Equal(0, exit);
        Assert.Contains("no-key: (nothing)", output, StringComparison.Ordinal);
        Assert.Contains("transfer: protection-enfance", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demain", "answered")]
    [InlineData("tomorrow", "answered")]
    [InlineData("", "answered")]
    [InlineData("2026-11-24", "answered")]
    [InlineData("2026-11-24 10:00", "answered")]
    [InlineData("2026-13-01T00:00", "answered")]
    [InlineData("2026-11-24T10:00:00+01:00", "peut-être")]
    public void Simulate_refuses_bad_options_with_exit_2(string at, string dial)
    {
        var (exit, _, error) = Repo.Run((o, e) => SimulateCommand.Run(Repo.DefaultFlow, at, "1", dial, "answered", TextReader.Null, o, e));

        Assert.Equal(2, exit);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>--at</c> without an offset is Paris time, the default flow's <c>calendar.timezone</c> (it used to be read as
    /// UTC: 08:30 on Monday 30 March 2026 became 10:30 in Paris and the closed line was reported open). Tried: 08:30 and
    /// 09:00 the Monday after the spring change, 16:59:59 and 17:00 in winter, and the same instants with Z.
    /// </summary>
    [Theory]
    [InlineData("2026-03-30T08:30:00", "2026-03-30 08:30:00 +02:00", "closed")]
    [InlineData("2026-03-30T09:00", "2026-03-30 09:00:00 +02:00", "open")]
    [InlineData("2026-12-01T16:59:59", "2026-12-01 16:59:59 +01:00", "open")]
    [InlineData("2026-12-01T17:00:00", "2026-12-01 17:00:00 +01:00", "closed")]
    [InlineData("2026-03-30T06:30:00Z", "2026-03-30 08:30:00 +02:00", "closed")]
    [InlineData("2026-03-30T07:00:00Z", "2026-03-30 09:00:00 +02:00", "open")]
    public void Simulate_at_without_offset_is_paris_time(string at, string paris, string decision)
    {
        var (exit, output, _) = Repo.Run((o, e) => SimulateCommand.Run(Repo.DefaultFlow, at, "1,answered", "answered", "answered", TextReader.Null, o, e));

        Assert.Equal(0, exit);
        Assert.Contains($"Call at {paris} (Europe/Paris) on un-premier-pas", output, StringComparison.Ordinal);
        Assert.Contains($"[horaires] decision: {decision} (", output, StringComparison.Ordinal);
    }

    /// <summary>The zone is the flow's own: the same default flow with <c>timezone: America/New_York</c> reads 08:30 there.</summary>
    [Theory]
    [InlineData("2026-03-30T08:30:00", "2026-03-30 08:30:00 -04:00", "closed")]
    [InlineData("2026-03-30T09:00:00", "2026-03-30 09:00:00 -04:00", "open")]
    public void Simulate_at_without_offset_is_the_flows_calendar_timezone(string at, string local, string decision)
    {
        var flow = Repo.TempFile("new-york.yaml", File.ReadAllText(Repo.DefaultFlow).Replace("timezone: Europe/Paris", "timezone: America/New_York", StringComparison.Ordinal));

        var (exit, output, _) = Repo.Run((o, e) => SimulateCommand.Run(flow, at, "1,answered", "answered", "answered", TextReader.Null, o, e));

        Assert.Equal(0, exit);
        Assert.Contains($"Call at {local} (America/New_York)", output, StringComparison.Ordinal);
        Assert.Contains($"[horaires] decision: {decision} (", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A Paris time skipped in spring or lived twice in autumn is refused with exit 2 and a message that names the change
    /// (and, for the autumn hour, both offsets to choose from), before any call is played.
    /// </summary>
    [Theory]
    [InlineData("2026-03-29T02:30:00", "error: --at '2026-03-29T02:30:00' does not exist in Europe/Paris: clocks go from 02:00 to 03:00 on 2026-03-29; give a time before 02:00 or from 03:00, or give an offset")]
    [InlineData("2026-10-25T02:30:00", "error: --at '2026-10-25T02:30:00' is ambiguous in Europe/Paris: clocks go back from 03:00 to 02:00 on 2026-10-25, so this time happens twice (+02:00 then +01:00); add the offset you mean: 2026-10-25T02:30:00+02:00 (the first time, before the change) or 2026-10-25T02:30:00+01:00 (the second, after it)")]
    public void Simulate_refuses_a_paris_time_that_does_not_exist_or_is_ambiguous(string at, string message)
    {
        var (exit, output, error) = Repo.Run((o, e) => SimulateCommand.Run(Repo.DefaultFlow, at, "1", "answered", "answered", TextReader.Null, o, e));

        Assert.Equal(2, exit);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.Empty(output);
    }
}
