using Helpline.Server.Dashboard;
using Helpline.Server.Testing;
using Helpline.Server.Dashboard.Orientations;

namespace Helpline.Dashboard.Tests;

/// <summary>The after-call categories file: the shipped one reads as the issue lists them, a broken one says where.</summary>
public sealed class OrientationCatalogTests
{
    [Fact]
    public void Shipped_file_lists_the_seven_orientations_in_order()
    {
        var path = Path.Combine(HelplineApp.RepoRoot, "config", "orientations.yaml");

        var orientations = OrientationCatalog.Parse(File.ReadAllText(path), path);

        Assert.Equal(["hebergement", "juridique", "plainte", "association", "sante", "3919", "autre"], orientations.Select(o => o.Code));
        Assert.Equal(["Hébergement", "Juridique / MJD", "Plainte / police", "Association spécialisée", "Santé", "3919", "Autre"], orientations.Select(o => o.Label));
    }

    [Theory]
    [InlineData("orientations: [", "f.yaml:2:1: invalid YAML")]
    [InlineData("autre: chose", "f.yaml: expected a list under 'orientations:'")]
    [InlineData("orientations: []", "f.yaml: at least one orientation is required")]
    [InlineData("orientations:\n  - code: a\n", "f.yaml:2:5: each orientation needs a 'code' (1-50 characters) and a 'libelle' (1-100 characters)")]
    [InlineData("orientations:\n  - code: a\n    libelle: A\n  - code: a\n    libelle: B\n", "f.yaml:4:5: the code 'a' appears twice")]
    [InlineData("orientations:\n  - [a, b]\n", "f.yaml:2:5: each orientation needs")]
    [InlineData("", "f.yaml: expected a list under 'orientations:'")]
    public void Malformed_file_is_refused_with_where_and_why(string yaml, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => OrientationCatalog.Parse(yaml, "f.yaml"));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
