using Helpline.Core.Flows.Diagnostics;
using Helpline.Core.Voice;

namespace Helpline.Core.Flows.Loading;

public static partial class FlowLoader
{
    private sealed partial class Builder
    {
        /// <summary>Recordings are served from this folder beside the flow file (and only from it).</summary>
        private const string PromptFolder = "prompts/";

        private static readonly string[] StateTypes = ["hours", "menu", "message", "transfer", "queue", "hangup"];

        private StateDefinition? ReadState(YamlScalar key, YamlMapping map)
        {
            var name = key.Value;
            var context = $"state '{name}'";
            var reader = Reader(map, context);
            reader.Text("description", required: false);
            var typeNode = reader.Scalar("type", required: true);
            if (typeNode is null)
            {
                return null;
            }

            var type = typeNode.Value.Trim();
            StateDefinition? state = type switch
            {
                "hours" => ReadHours(name, key.Position, reader),
                "menu" => ReadMenu(name, key.Position, reader, context),
                "message" => ReadMessage(name, key.Position, reader, context),
                "transfer" => ReadTransfer(name, key.Position, reader, context),
                "queue" => ReadQueue(name, key.Position, reader, context),
                "hangup" => new HangupState(name, key.Position, ReadPrompt(reader, "prompt", context, required: false)),
                _ => null,
            };

            if (state is null && !StateTypes.Contains(type))
            {
                Error(typeNode.Position, DiagnosticCodes.InvalidValue, $"{context} has an unknown type '{type}'", $"use one of: {string.Join(", ", StateTypes)}");
                return null;
            }

            reader.ReportUnknownKeys();
            return state;
        }

        private static HoursState? ReadHours(string name, SourcePosition position, MappingReader reader)
        {
            var open = reader.Reference("open", required: true);
            var closed = reader.Reference("closed", required: true);
            var calendar = reader.Reference("calendar", required: false);
            return open is null || closed is null ? null : new HoursState(name, position, open, closed) { Calendar = calendar };
        }

        private MessageState? ReadMessage(string name, SourcePosition position, MappingReader reader, string context)
        {
            var prompt = ReadPrompt(reader, "prompt", context, required: true);
            var next = reader.Reference("next", required: true);
            return prompt is null || next is null ? null : new MessageState(name, position, prompt, next);
        }

        private MenuState? ReadMenu(string name, SourcePosition position, MappingReader reader, string context)
        {
            var prompt = ReadPrompt(reader, "prompt", context, required: true);
            var timeout = reader.Integer("timeout-seconds", 1, 60, 5) ?? 5;
            var retries = reader.Integer("retries", 0, 5, 2) ?? 2;
            var noInput = ReadPrompt(reader, "no-input-prompt", context, required: false);
            var invalid = ReadPrompt(reader, "invalid-prompt", context, required: false);
            var onTimeout = reader.Reference("on-timeout", required: false);
            var onInvalid = reader.Reference("on-invalid", required: false) ?? onTimeout;
            var choices = new List<MenuChoice>();
            var choicesMap = reader.Mapping("choices", required: true);
            foreach (var (keys, target) in choicesMap?.Entries ?? [])
            {
                var digits = keys.Value.Trim();
                if (digits.Length == 0 || digits.Length > 8 || !digits.All(c => char.IsAsciiDigit(c) || c is '*'))
                {
                    Error(keys.Position, DiagnosticCodes.InvalidValue, $"menu choice '{keys.Value}' in {context} must be keys of the phone pad (0-9 and *), at most 8",
                        "'#' ends the input, so it cannot be a choice");
                    continue;
                }

                if (target is YamlMapping detail)
                {
                    // The long form: "5": { goto: file-ecoutantes, tags: [ne-peut-pas-parler] }
                    var choiceReader = Reader(detail, $"choice '{digits}' in {context}");
                    var goTo = choiceReader.Reference("goto", required: true);
                    var tags = ReadChoiceTags(choiceReader.Node("tags"), digits, context);
                    choiceReader.ReportUnknownKeys();
                    if (goTo is not null)
                    {
                        choices.Add(new MenuChoice(digits, goTo, keys.Position) { Tags = tags });
                    }

                    continue;
                }

                if (target is not YamlScalar { IsNull: false } targetName)
                {
                    Error(target.Position, DiagnosticCodes.WrongType, $"menu choice '{digits}' in {context} must name the state it leads to",
                        "write the state's name, or a block with 'goto' and 'tags'");
                    continue;
                }

                choices.Add(new MenuChoice(digits, new StateReference(targetName.Value.Trim(), targetName.Position), keys.Position));
            }

            if (choicesMap is not null && choices.Count == 0 && choicesMap.Entries.Count == 0)
            {
                Error(choicesMap.Position, DiagnosticCodes.MissingKey, $"{context} has no choices", "add at least one: '\"1\": some-state'");
            }

            if (onTimeout is null)
            {
                Error(reader.Position, DiagnosticCodes.MenuWithoutTimeout, $"{context} has no path for a caller who presses nothing",
                    "add 'on-timeout: <state>' (e.g. the social workers' queue)");
            }

            return prompt is null ? null : new MenuState(name, position, prompt, choices, timeout, retries, noInput, invalid, onTimeout, onInvalid);
        }

        private TransferState? ReadTransfer(string name, SourcePosition position, MappingReader reader, string context)
        {
            var destination = reader.Reference("to", required: true);
            var announce = ReadPrompt(reader, "announce", context, required: true);
            var ring = reader.Integer("ring-seconds", 5, 120, 30) ?? 30;
            var answered = reader.Reference("answered", required: true);
            var failed = reader.Reference("failed", required: true);
            var busy = reader.Reference("busy", required: false) ?? failed;
            var noAnswer = reader.Reference("no-answer", required: false) ?? failed;
            return destination is null || announce is null || answered is null || failed is null || busy is null || noAnswer is null
                ? null
                : new TransferState(name, position, destination, announce, ring, answered, busy, noAnswer, failed);
        }

        private QueueState? ReadQueue(string name, SourcePosition position, MappingReader reader, string context)
        {
            var queueNode = reader.Scalar("queue", required: false);
            var queue = queueNode?.Value.Trim() is { Length: > 0 } named ? named : "ecoutantes";
            if (queueNode is not null)
            {
                CheckQueueName(queueNode, queue, context);
            }

            var hold = ReadPrompt(reader, "hold", context, required: true);
            var maxWait = reader.Integer("max-wait-seconds", 30, 3600, 600) ?? 600;
            var answered = reader.Reference("answered", required: true);
            var overflow = reader.Reference("overflow", required: true);
            var whisperNode = reader.Scalar("whisper", required: false);
            var whisperNoChoiceNode = reader.Scalar("whisper-no-choice", required: false);
            var whisperCallerGoneNode = reader.Scalar("whisper-caller-gone", required: false);
            var whisper = NonEmpty(whisperNode);
            var whisperNoChoice = NonEmpty(whisperNoChoiceNode);
            var whisperCallerGone = NonEmpty(whisperCallerGoneNode);
            CheckTemplate(whisperNode, "whisper", context, whisperNoChoice);
            CheckTemplate(whisperNoChoiceNode, "whisper-no-choice", context);
            CheckTemplate(whisperCallerGoneNode, "whisper-caller-gone", context);
            var announcements = ReadAnnouncements(
                reader.Scalar("announce", required: false), reader.Scalar("announce-position", required: false), reader.Scalar("announce-estimate", required: false), context);
            var announceEvery = reader.Integer("announce-every-seconds", 20, 600, 60) ?? 60;
            var callback = ReadCallback(reader, context);
            return hold is null || answered is null || overflow is null
                ? null
                : new QueueState(name, position, queue, hold, maxWait, answered, overflow, whisper, whisperNoChoice, announcements, announceEvery)
                {
                    WhisperCallerGone = whisperCallerGone,
                    Callback = callback,
                };
        }

        private static string? NonEmpty(YamlScalar? node) => node?.Value.Trim() is { Length: > 0 } text ? text : null;

        /// <summary>A prompt is either plain text or a block with 'audio' (a recording) and 'text' (its words, the fallback).</summary>
        private PromptDefinition? ReadPrompt(MappingReader reader, string key, string context, bool required)
        {
            var node = reader.Node(key);
            switch (node)
            {
                case null or YamlScalar { IsNull: true }:
                    if (required)
                    {
                        Error(node?.Position ?? reader.Position, DiagnosticCodes.MissingKey, $"{context} needs '{key}'", "write the words to say, or a block with 'audio' and 'text'");
                    }

                    return null;
                case YamlScalar scalar:
                    return CheckedText(scalar.Value, scalar.Position, key, context) is { } text ? new PromptDefinition(null, text, scalar.Position) : null;
                case YamlMapping map:
                    var promptReader = Reader(map, $"'{key}' of {context}");
                    var audio = promptReader.Text("audio", required: false);
                    var textNode = promptReader.Scalar("text", required: true);
                    promptReader.ReportUnknownKeys();
                    if (audio is not null && (!audio.StartsWith(PromptFolder, StringComparison.Ordinal) || Path.IsPathRooted(audio) || audio.Split('/', '\\').Contains("..")))
                    {
                        Error(map.Position, DiagnosticCodes.InvalidValue, $"'{key}' of {context}: recordings live in the '{PromptFolder}' folder next to the flow file",
                            "write it relative to the flow file, e.g. 'prompts/accueil.wav'");
                        audio = null;
                    }

                    return textNode is not null && CheckedText(textNode.Value, textNode.Position, key, context) is { } words
                        ? new PromptDefinition(audio, words, map.Position)
                        : null;
                default:
                    Error(node.Position, DiagnosticCodes.WrongType, $"'{key}' of {context} must be text or a block with 'audio' and 'text', not {node.Describe}");
                    return null;
            }
        }

        private string? CheckedText(string value, SourcePosition position, string key, string context)
        {
            var text = value.Trim();
            // The answer's XML cannot carry control characters or U+FFFE/U+FFFF: a text made only of them is an empty <Say>.
            if (text.All(c => char.IsWhiteSpace(c) || !VoiceLimits.IsCarriable(c.ToString())))
            {
                Error(position, DiagnosticCodes.Silence, $"'{key}' of {context} is empty: the caller would hear nothing", "write the words to say");
                return null;
            }

            CheckSpokenLength(text, position, $"'{key}' of {context}");
            return text;
        }
    }
}
