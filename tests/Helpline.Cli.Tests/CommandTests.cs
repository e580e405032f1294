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
        Assert.Contains(": ok (15 states", output, StringComparison.Ordinal);
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
    [InlineData("2026-11-24", "answered")]
    [InlineData("2026-11-24T10:00:00+01:00", "peut-être")]
    public void Simulate_refuses_bad_options_with_exit_2(string at, string dial)
    {
        var (exit, _, error) = Repo.Run((o, e) => SimulateCommand.Run(Repo.DefaultFlow, at, "1", dial, "answered", TextReader.Null, o, e));

        Assert.Equal(2, exit);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }
}
