using Helpline.Core.Flows.Diagnostics;

namespace Helpline.Cli.Tests;

/// <summary>The operators' guide stays in step with the validator: every code it can print is explained there.</summary>
public sealed class OperatorGuideTests
{
    private static readonly string Guide = File.ReadAllText(Path.Combine(Repo.Root, "docs", "guide-operateur.md"));

    public static TheoryData<string> Codes() => new(DiagnosticCodes.All.Select(c => c.Code));

    [Theory]
    [MemberData(nameof(Codes))]
    public void Guide_explains_every_error_code(string code) =>
        Assert.Contains($"| `{code}` |", Guide, StringComparison.Ordinal);

    [Fact]
    public void Guide_lists_no_code_the_validator_does_not_have()
    {
        var inGuide = System.Text.RegularExpressions.Regex.Matches(Guide, @"`(HL\d{3})`").Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Subset(DiagnosticCodes.All.Select(c => c.Code).ToHashSet(), inGuide);
    }
}
