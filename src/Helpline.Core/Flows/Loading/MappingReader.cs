using System.Globalization;
using Helpline.Core.Flows.Diagnostics;

namespace Helpline.Core.Flows.Loading;

/// <summary>
/// Reads the keys of one YAML block against a schema: typed getters report missing keys and wrong shapes at the right
/// place, and <see cref="ReportUnknownKeys"/> flags every key nobody asked for (usually a typo), with a suggestion.
/// </summary>
internal sealed class MappingReader
{
    private readonly YamlMapping _mapping;
    private readonly string _context;
    private readonly Action<SourcePosition, string, string, string?> _error;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public MappingReader(YamlMapping mapping, string context, Action<SourcePosition, string, string, string?> error)
    {
        _mapping = mapping;
        _context = context;
        _error = error;
    }

    public SourcePosition Position => _mapping.Position;

    public YamlNode? Node(string key)
    {
        _known.Add(key);
        foreach (var entry in _mapping.Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    public bool Has(string key) => Node(key) is { } node && !(node is YamlScalar s && s.IsNull);

    public YamlScalar? Scalar(string key, bool required)
    {
        var node = Node(key);
        if (node is null || node is YamlScalar { IsNull: true })
        {
            if (required)
            {
                _error(node?.Position ?? _mapping.Position, DiagnosticCodes.MissingKey, $"{_context} needs '{key}'", null);
            }

            return null;
        }

        if (node is YamlScalar scalar)
        {
            return scalar;
        }

        _error(node.Position, DiagnosticCodes.WrongType, $"'{key}' in {_context} must be a value, not {node.Describe}", null);
        return null;
    }

    public string? Text(string key, bool required) => Scalar(key, required)?.Value.Trim() is { Length: > 0 } text
        ? text
        : ReportEmpty(key, required);

    public int? Integer(string key, int min, int max, int? defaultValue)
    {
        var scalar = Scalar(key, required: defaultValue is null);
        if (scalar is null)
        {
            return defaultValue;
        }

        if (int.TryParse(scalar.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        _error(scalar.Position, DiagnosticCodes.InvalidValue, $"'{key}' must be a whole number from {min} to {max}, not '{scalar.Value}'", null);
        return defaultValue;
    }

    public StateReference? Reference(string key, bool required)
    {
        var scalar = Scalar(key, required);
        return scalar is null || scalar.Value.Trim().Length == 0 ? null : new StateReference(scalar.Value.Trim(), scalar.Position);
    }

    public YamlMapping? Mapping(string key, bool required)
    {
        var node = Node(key);
        switch (node)
        {
            case null or YamlScalar { IsNull: true }:
                if (required)
                {
                    _error(node?.Position ?? _mapping.Position, DiagnosticCodes.MissingKey, $"{_context} needs '{key}'", null);
                }

                return null;
            case YamlMapping mapping:
                return mapping;
            default:
                _error(node.Position, DiagnosticCodes.WrongType, $"'{key}' in {_context} must be a block of keys, not {node.Describe}", null);
                return null;
        }
    }

    public void ReportUnknownKeys()
    {
        foreach (var entry in _mapping.Entries)
        {
            if (_known.Contains(entry.Key.Value))
            {
                continue;
            }

            var suggestion = Closest(entry.Key.Value, _known);
            _error(entry.Key.Position, DiagnosticCodes.UnknownKey, $"unknown key '{entry.Key.Value}' in {_context}",
                suggestion is null ? $"allowed here: {string.Join(", ", _known.Order(StringComparer.Ordinal))}" : $"did you mean '{suggestion}'?");
        }
    }

    private string? ReportEmpty(string key, bool required)
    {
        if (required && Node(key) is YamlScalar scalar && !scalar.IsNull)
        {
            _error(scalar.Position, DiagnosticCodes.InvalidValue, $"'{key}' in {_context} must not be empty", null);
        }

        return null;
    }

    /// <summary>The candidate nearest to <paramref name="word"/> (edit distance, case aside), or null when none is near enough to be a typo.</summary>
    internal static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Levenshtein(word.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(2, word.Length / 3) ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
