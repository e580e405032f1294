using Helpline.Server.Hosting;
using Microsoft.Extensions.Options;
using YamlDotNet.RepresentationModel;

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
        var path = options.Value.OrientationsPath;
        string text;
        if (!string.IsNullOrWhiteSpace(path) && File.Exists(path))
        {
            Source = Path.GetFullPath(path);
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidConfigurationException($"Helpline:Dashboard:OrientationsPath: {Source} cannot be read ({ex.Message}): expected a readable YAML file of orientation categories", ex);
            }
        }
        else
        {
            using var stream = typeof(OrientationCatalog).Assembly.GetManifestResourceStream("orientations.yaml")
                ?? throw new InvalidOperationException("the built-in orientations.yaml is missing from the assembly");
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
            Source = "built-in";
            logger.LogWarning("Helpline:Dashboard:OrientationsPath {Path} not found: using the built-in orientation categories", path);
        }

        try
        {
            All = Parse(text, Source);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidConfigurationException("Helpline:Dashboard:OrientationsPath: " + ex.Message.ReplaceLineEndings(" "), ex);
        }
    }

    /// <summary>Where the categories were read from.</summary>
    public string Source { get; }

    /// <summary>The categories, in the file's order.</summary>
    public IReadOnlyList<Orientation> All { get; }

    /// <summary>The category with this code, or null.</summary>
    public Orientation? Find(string? code) => All.FirstOrDefault(o => string.Equals(o.Code, code, StringComparison.Ordinal));

    /// <summary>Parses <c>orientations: [{code, libelle}]</c>; throws with a readable message when the shape is wrong.</summary>
    public static IReadOnlyList<Orientation> Parse(string text, string source)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new InvalidOperationException($"{source}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.Message}", ex);
        }

        if (yaml.Documents.Count != 1 || yaml.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("orientations"), out var list) || list is not YamlSequenceNode items)
        {
            throw new InvalidOperationException($"{source}: expected a list under 'orientations:'");
        }

        var result = new List<Orientation>();
        foreach (var item in items)
        {
            if (item is not YamlMappingNode map
                || !map.Children.TryGetValue(new YamlScalarNode("code"), out var code) || code is not YamlScalarNode { Value: { Length: > 0 and <= 50 } codeText }
                || !map.Children.TryGetValue(new YamlScalarNode("libelle"), out var label) || label is not YamlScalarNode { Value: { Length: > 0 and <= 100 } labelText })
            {
                throw new InvalidOperationException($"{source}:{item.Start.Line}:{item.Start.Column}: each orientation needs a 'code' (1-50 characters) and a 'libelle' (1-100 characters)");
            }

            if (result.Any(o => o.Code == codeText))
            {
                throw new InvalidOperationException($"{source}:{item.Start.Line}:{item.Start.Column}: the code '{codeText}' appears twice");
            }

            result.Add(new Orientation(codeText, labelText));
        }

        return result.Count > 0 ? result : throw new InvalidOperationException($"{source}: at least one orientation is required");
    }
}
