using CsCheck;
using Helpline.Core.Flows.Loading;

namespace Helpline.Cli.Tests;

/// <summary>Mutations of the default flow (cut, duplicated, swapped, garbled lines and characters): the loader reports or accepts, never crashes.</summary>
public sealed class LoaderFuzzTests
{
    private static readonly string[] Lines = File.ReadAllLines(Repo.DefaultFlow);

    private static readonly Gen<string> Mutated =
        Gen.Int[0, Lines.Length - 1].Array[1, 6].SelectMany(positions =>
            Gen.Int[0, 5].Array[positions.Length].SelectMany(kinds =>
                Gen.Char.Array[positions.Length].Select(chars =>
                {
                    var lines = Lines.ToList();
                    for (var i = 0; i < positions.Length; i++)
                    {
                        var at = Math.Min(positions[i], lines.Count - 1);
                        var line = lines[at];
                        lines[at] = kinds[i] switch
                        {
                            0 => string.Empty,
                            1 => line + line,
                            2 => line.Length > 0 ? line[..(line.Length / 2)] : line,
                            3 => line.Insert(line.Length / 2, chars[i].ToString()),
                            4 => "\t" + line,
                            _ => line.Replace(':', ' '),
                        };
                    }

                    return string.Join('\n', lines);
                })));

    [Fact]
    public void Mutated_flow_is_reported_or_accepted_never_a_crash()
    {
        var dir = Directory.CreateTempSubdirectory("helpline-fuzz-").FullName;
        Mutated.Sample(text =>
        {
            var result = FlowLoader.Load(System.Text.Encoding.UTF8.GetBytes(text), Path.Combine(dir, "flow.yaml"), dir);
            Assert.True(result.Succeeded || result.Errors.Any(), "a refused flow must say why");
            Assert.All(result.Diagnostics, d => Assert.True(d.Position.Line >= 1 && d.Position.Column >= 1));
        }, iter: 2000);
    }
}
