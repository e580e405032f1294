using Helpline.Core.Flows.Diagnostics;

namespace Helpline.Core.Flows.Loading;

public static partial class FlowLoader
{
    private sealed partial class Builder
    {
        /// <summary>The tags declared so far (read before the states, whose menu choices refer to them).</summary>
        private readonly Dictionary<string, TagDefinition> _tags = new(StringComparer.Ordinal);

        /// <summary>
        /// <c>tags:</c> — each tag a block with <c>label</c> (shown on the pages) and <c>whisper</c> (said to the worker),
        /// or a text used as both.
        /// </summary>
        private Dictionary<string, TagDefinition> ReadTags(YamlMapping? map)
        {
            if (map is null)
            {
                return _tags;
            }

            foreach (var (key, value) in map.Entries)
            {
                var name = key.Value;
                if (!CallTags.IsValidName(name))
                {
                    Error(key.Position, DiagnosticCodes.InvalidTagName,
                        $"tag name '{Printable(name)}' must be lower-case letters and digits joined by dashes, at most {CallTags.MaxNameLength} characters",
                        "e.g. 'ne-peut-pas-parler'");
                    continue;
                }

                if (_tags.Count == CallTags.MaxTags)
                {
                    Error(key.Position, DiagnosticCodes.InvalidValue, $"a flow may declare at most {CallTags.MaxTags} tags", "keep the ones workers need to hear");
                    break;
                }

                var context = $"tag '{name}'";
                string? label;
                string? whisper;
                switch (value)
                {
                    case YamlScalar scalar:
                        label = whisper = CheckedText(scalar.Value, scalar.Position, "tags", context);
                        break;
                    case YamlMapping detail:
                        var reader = Reader(detail, context);
                        var labelNode = reader.Scalar("label", required: true);
                        var whisperNode = reader.Scalar("whisper", required: true);
                        reader.ReportUnknownKeys();
                        label = labelNode is null ? null : CheckedText(labelNode.Value, labelNode.Position, "label", context);
                        whisper = whisperNode is null ? null : CheckedText(whisperNode.Value, whisperNode.Position, "whisper", context);
                        break;
                    default:
                        Error(value.Position, DiagnosticCodes.WrongType, $"{context} must be a text or a block with 'label' and 'whisper', not {value.Describe}");
                        continue;
                }

                if (label is not null && whisper is not null)
                {
                    _tags[name] = new TagDefinition(name, label, whisper, key.Position);
                }
            }

            return _tags;
        }

        /// <summary>The <c>tags:</c> list of a menu choice: names declared in the flow, none set by the line itself.</summary>
        private List<string> ReadChoiceTags(YamlNode? node, string choice, string context)
        {
            var tags = new List<string>();
            var items = node switch
            {
                null or YamlScalar { IsNull: true } => [],
                YamlSequence sequence => sequence.Items,
                YamlScalar one => [one],
                _ => null,
            };
            if (items is null)
            {
                Error(node!.Position, DiagnosticCodes.WrongType, $"'tags' of choice '{choice}' in {context} must be a list of tag names, not {node.Describe}", "e.g. tags: [ne-peut-pas-parler]");
                return tags;
            }

            foreach (var item in items)
            {
                if (item is not YamlScalar { IsNull: false } scalar)
                {
                    Error(item.Position, DiagnosticCodes.WrongType, $"a tag of choice '{choice}' in {context} must be a tag name, not {item.Describe}");
                    continue;
                }

                var name = scalar.Value.Trim();
                if (CallTags.SetByTheLine.Contains(name))
                {
                    Error(scalar.Position, DiagnosticCodes.InvalidValue, $"tag '{name}' is set by the line itself (a recall after a cut-off, a flagged caller); a menu choice cannot set it");
                }
                else if (!_tags.ContainsKey(name))
                {
                    Error(scalar.Position, DiagnosticCodes.UnknownTag, $"choice '{choice}' in {context} sets tag '{Printable(name)}', which the flow does not declare",
                        _tags.Count == 0 ? "declare it under 'tags:' at the top of the file, with its label and whisper" : $"declared tags: {string.Join(", ", _tags.Keys)}");
                }
                else if (!tags.Contains(name, StringComparer.Ordinal))
                {
                    tags.Add(name);
                }
            }

            return tags;
        }
    }
}
