using Helpline.Core.Flows.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Helpline.Core.Flows.Loading;

/// <summary>
/// Reads YAML text into a <see cref="YamlNode"/> tree, turning every problem into a diagnostic instead of an exception:
/// syntax errors, anchors/aliases, duplicate keys, non-text keys, excessive nesting.
/// </summary>
internal sealed class YamlTreeReader
{
    /// <summary>Deeper than this is not a hand-written flow; refusing it keeps the loader's stack safe.</summary>
    public const int MaxDepth = 64;

    private readonly string _file;
    private readonly List<FlowDiagnostic> _diagnostics;
    private SourcePosition _lastPosition = SourcePosition.Start;

    public YamlTreeReader(string file, List<FlowDiagnostic> diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    /// <summary>Parses one document; null when the text is empty or unreadable (a diagnostic says why).</summary>
    public YamlNode? Read(string text)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                Error(SourcePosition.Start, DiagnosticCodes.Syntax, "the file is empty", "start from callflows/un-premier-pas.yaml");
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, 0);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                var next = parser.Current;
                Error(next is null ? SourcePosition.Start : At(next.Start), DiagnosticCodes.Syntax,
                    "the file holds more than one YAML document", "remove the '---' line and everything after it, or split the flows into separate files");
            }

            return root;
        }
        catch (YamlException ex)
        {
            // YamlDotNet reports a tab in an indentation at the start of the enclosing block: point at the tab itself.
            var tab = CleanMessage(ex).Contains("tab", StringComparison.OrdinalIgnoreCase) ? FirstTabIndent(text) : null;
            var position = tab ?? (ex.Start.Line > 0 ? At(ex.Start) : At(ex.End));
            Error(position, DiagnosticCodes.Syntax, CleanMessage(ex), "check the indentation (spaces, not tabs) and quotes on this line and the one before");
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // Found by fuzzing: on some malformed input YamlDotNet's scanner fails with an internal error, not a YamlException.
            Error(_lastPosition, DiagnosticCodes.Syntax, "YAML syntax: the file cannot be read past this point", "check the indentation, colons and quotes from this line on");
            return null;
        }
        catch (DepthExceededException ex)
        {
            Error(ex.Position, DiagnosticCodes.Syntax, $"the YAML is nested more than {MaxDepth} levels deep", "a flow needs only a few levels: check the indentation");
            return null;
        }
    }

    private YamlNode? ReadNode(IParser parser, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new DepthExceededException(At(parser.Current!.Start));
        }

        if (parser.Current is { } current)
        {
            _lastPosition = At(current.Start);
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            Error(At(alias.Start), DiagnosticCodes.Syntax, $"aliases (*{alias.Value}) are not allowed in flow files", "write the value out in full");
            return null;
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            RefuseAnchor(scalar);
            return new YamlScalar(At(scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain);
        }

        if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            RefuseAnchor(seqStart);
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var item = ReadNode(parser, depth + 1);
                if (item is not null)
                {
                    items.Add(item);
                }
            }

            return new YamlSequence(At(seqStart.Start), items);
        }

        var mapStart = parser.Consume<MappingStart>();
        RefuseAnchor(mapStart);
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
        var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser, depth + 1);
            var value = ReadNode(parser, depth + 1);
            if (keyNode is not YamlScalar key)
            {
                if (keyNode is not null)
                {
                    Error(keyNode.Position, DiagnosticCodes.WrongType, $"a key must be a simple text, not {keyNode.Describe}");
                }

                continue;
            }

            if (seen.TryGetValue(key.Value, out var first))
            {
                Error(key.Position, DiagnosticCodes.DuplicateKey,
                    $"'{key.Value}' is written twice in this block (first at line {first.Line})", "keep one of them");
                continue;
            }

            seen[key.Value] = key.Position;
            entries.Add(new(key, value ?? new YamlScalar(key.Position, string.Empty, true)));
        }

        return new YamlMapping(At(mapStart.Start), entries);
    }

    private void RefuseAnchor(NodeEvent node)
    {
        if (!node.Anchor.IsEmpty)
        {
            Error(At(node.Start), DiagnosticCodes.Syntax, $"anchors (&{node.Anchor.Value}) are not allowed in flow files", "write the value out in full");
        }
    }

    private void Error(SourcePosition position, string code, string message, string? hint = null) =>
        _diagnostics.Add(new FlowDiagnostic(_file, position, DiagnosticSeverity.Error, code, message, hint));

    /// <summary>The position of the first tab used as indentation, or null.</summary>
    private static SourcePosition? FirstTabIndent(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return new SourcePosition(i + 1, tab + 1);
            }
        }

        return null;
    }

    private static SourcePosition At(Mark mark) => new(Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));

    private static string CleanMessage(YamlException ex)
    {
        // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (…): "; the position is already in our prefix.
        var message = ex.InnerException?.Message ?? ex.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        message = cut >= 0 ? message[(cut + 3)..] : message;
        return "YAML syntax: " + message.Trim().TrimEnd('.');
    }

    private sealed class DepthExceededException(SourcePosition position) : Exception("YAML nested too deeply")
    {
        public SourcePosition Position { get; } = position;
    }
}
