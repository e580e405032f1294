using Helpline.Server.Hosting;
using YamlDotNet.RepresentationModel;

namespace Helpline.Server.Dashboard.Orientations;

/// <summary>
/// The shape of the lists the département edits in <c>config/</c> (orientations, flag reasons): under one key, a list
/// of <c>{code, libelle}</c> — the code stored in the database and exports, the label people read.
/// </summary>
internal static class CodedLabels
{
    /// <summary>
    /// Reads the list from <paramref name="path"/>, or from the copy built into the service (<paramref name="resource"/>)
    /// when that file is absent (logged); throws <see cref="InvalidConfigurationException"/> naming <paramref name="setting"/>
    /// when the file cannot be read or is malformed, so the service stops at start with one line saying where and why.
    /// </summary>
    public static (string Source, IReadOnlyList<(string Code, string Label)> Items) Load(string? path, string resource, string setting, string key, string what, ILogger logger)
    {
        string text;
        string source;
        if (!string.IsNullOrWhiteSpace(path) && File.Exists(path))
        {
            source = Path.GetFullPath(path);
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidConfigurationException($"{setting}: {source} cannot be read ({ex.Message}): expected a readable YAML file of {what}s", ex);
            }
        }
        else
        {
            using var stream = typeof(CodedLabels).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"the built-in {resource} is missing from the assembly");
            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
            source = "built-in";
            logger.LogWarning("{Setting} {Path} not found: using the built-in {What}s", setting, path, what);
        }

        try
        {
            return (source, Parse(text, source, key, what));
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidConfigurationException($"{setting}: " + ex.Message.ReplaceLineEndings(" "), ex);
        }
    }

    /// <summary>
    /// Parses <c><paramref name="key"/>: [{code, libelle}]</c>; throws <see cref="InvalidOperationException"/> with
    /// file:line:col and what is wrong when the shape is not that (codes 1-50 characters, labels 1-100, no code twice, at least one).
    /// </summary>
    public static IReadOnlyList<(string Code, string Label)> Parse(string text, string source, string key, string what)
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
            || !root.Children.TryGetValue(new YamlScalarNode(key), out var list) || list is not YamlSequenceNode items)
        {
            throw new InvalidOperationException($"{source}: expected a list under '{key}:'");
        }

        var result = new List<(string Code, string Label)>();
        foreach (var item in items)
        {
            if (item is not YamlMappingNode map
                || !map.Children.TryGetValue(new YamlScalarNode("code"), out var code) || code is not YamlScalarNode { Value: { Length: > 0 and <= 50 } codeText }
                || !map.Children.TryGetValue(new YamlScalarNode("libelle"), out var label) || label is not YamlScalarNode { Value: { Length: > 0 and <= 100 } labelText })
            {
                throw new InvalidOperationException($"{source}:{item.Start.Line}:{item.Start.Column}: each {what} needs a 'code' (1-50 characters) and a 'libelle' (1-100 characters)");
            }

            if (result.Any(o => o.Code == codeText))
            {
                throw new InvalidOperationException($"{source}:{item.Start.Line}:{item.Start.Column}: the code '{codeText}' appears twice");
            }

            result.Add((codeText, labelText));
        }

        return result.Count > 0 ? result : throw new InvalidOperationException($"{source}: at least one {what} is required");
    }
}
