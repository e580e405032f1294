using Helpline.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Dashboard.Orientations;

/// <summary>
/// The after-call orientation categories, read once at start from a YAML file the département edits
/// (<c>config/orientations.yaml</c>); when the file is absent the copy built into the service is used. A malformed
/// file stops the service at start with one line saying where and why, like an invalid flow.
/// </summary>
internal sealed class OrientationCatalog
{
    /// <summary>Reads the configured file (or the built-in copy); throws <see cref="InvalidConfigurationException"/> when it cannot be read or is malformed.</summary>
    public OrientationCatalog(IOptions<DashboardOptions> options, ILogger<OrientationCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (Source, var items) = CodedLabels.Load(options.Value.OrientationsPath, "orientations.yaml", "Helpline:Dashboard:OrientationsPath", "orientations", "orientation", logger);
        All = items.Select(c => new Orientation(c.Code, c.Label)).ToList();
    }

    /// <summary>Where the categories were read from.</summary>
    public string Source { get; }

    /// <summary>The categories, in the file's order.</summary>
    public IReadOnlyList<Orientation> All { get; }

    /// <summary>The category with this code, or null.</summary>
    public Orientation? Find(string? code) => All.FirstOrDefault(o => string.Equals(o.Code, code, StringComparison.Ordinal));

    /// <summary>Parses <c>orientations: [{code, libelle}]</c>; throws with a readable message when the shape is wrong.</summary>
    public static IReadOnlyList<Orientation> Parse(string text, string source) =>
        CodedLabels.Parse(text, source, "orientations", "orientation").Select(c => new Orientation(c.Code, c.Label)).ToList();
}
