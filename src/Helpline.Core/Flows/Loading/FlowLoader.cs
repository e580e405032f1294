using System.Security.Cryptography;
using System.Text;
using Helpline.Core.Calendar;
using Helpline.Core.Flows.Diagnostics;
using Helpline.Core.Flows.Validation;

namespace Helpline.Core.Flows.Loading;

/// <summary>
/// Loads a call-flow YAML file into a <see cref="FlowDefinition"/>, reporting every problem at once with its
/// file:line:col instead of stopping at the first: an operator fixes a file in one pass. Never throws for bad input.
/// </summary>
/// <remarks>Thread-safe: each load uses its own state.</remarks>
public static partial class FlowLoader
{
    /// <summary>Loads a file from disk. Prompt recordings are looked up relative to the file's folder.</summary>
    public static FlowLoadResult LoadFile(string path, FlowLoadOptions? options = null)
    {
        options ??= FlowLoadOptions.Default;
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Failed(path, string.Empty, $"the file does not exist (looked at {info.FullName})", "check the path, or Helpline:FlowPath in configuration");
            }

            if (info.Length > options.MaxFileBytes)
            {
                return Failed(path, string.Empty, $"the file is {info.Length:N0} bytes; a flow file may not exceed {options.MaxFileBytes:N0}", "is this really a flow file?");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(path, string.Empty, $"the file cannot be read: {ex.Message}", null);
        }

        return Load(bytes, path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", options);
    }

    /// <summary>Loads a flow from its bytes (e.g. a version stored in the database), looking up recordings under <paramref name="baseDirectory"/>.</summary>
    public static FlowLoadResult Load(byte[] bytes, string path, string baseDirectory, FlowLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        options ??= FlowLoadOptions.Default;
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (bytes.Length > options.MaxFileBytes)
        {
            return Failed(path, hash, $"the file is {bytes.Length:N0} bytes; a flow file may not exceed {options.MaxFileBytes:N0}", "is this really a flow file?");
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Failed(path, hash, "the file is not UTF-8 text (is it a binary file?)", "save the file as UTF-8 text");
        }

        text = text.TrimStart('\uFEFF');
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return Failed(path, hash, "the file contains NUL characters (is it a binary file?)", "save the file as UTF-8 text");
        }

        var diagnostics = new List<FlowDiagnostic>();
        var tree = new YamlTreeReader(path, diagnostics).Read(text);
        FlowDefinition? flow = null;
        if (tree is not null)
        {
            var builder = new Builder(path, options, diagnostics);
            flow = builder.Build(tree);
            if (flow is not null)
            {
                FlowGraphValidator.Validate(flow, path, baseDirectory, diagnostics, builder.InvalidStates);
            }
        }

        var ordered = diagnostics
            .OrderBy(d => d.Position.Line).ThenBy(d => d.Position.Column).ThenBy(d => d.Code, StringComparer.Ordinal)
            .ToList();
        return new FlowLoadResult(path, hash, text, ordered.Any(d => d.IsError) ? null : flow, ordered);
    }

    private static FlowLoadResult Failed(string path, string hash, string message, string? hint) =>
        new(path, hash, string.Empty, null, [new FlowDiagnostic(path, SourcePosition.Start, DiagnosticSeverity.Error, DiagnosticCodes.Syntax, message, hint)]);

    /// <summary>One load's state: where errors go and what was declared so far.</summary>
    private sealed partial class Builder(string file, FlowLoadOptions options, List<FlowDiagnostic> diagnostics)
    {
        private const string DefaultLanguage = "fr-FR";

        /// <summary>States declared in the file that could not be read (their errors are already reported).</summary>
        public HashSet<string> InvalidStates { get; } = new(StringComparer.Ordinal);

        public FlowDefinition? Build(YamlNode root)
        {
            if (root is not YamlMapping rootMap)
            {
                Error(root.Position, DiagnosticCodes.WrongType, $"a flow file must be a block of keys (flow, start, states…), not {root.Describe}", "start from callflows/un-premier-pas.yaml");
                return null;
            }

            var reader = Reader(rootMap, "the flow");
            var name = reader.Text("flow", required: true) ?? "(unnamed)";
            var language = reader.Text("language", required: false) ?? DefaultLanguage;
            var voice = reader.Text("voice", required: false);
            var start = reader.Reference("start", required: true);
            var destinations = ReadDestinations(reader.Mapping("destinations", required: false));
            var calendarMap = reader.Mapping("calendar", required: false);
            var calendar = calendarMap is null ? BusinessCalendar.FrenchOfficeHours : ReadCalendar(calendarMap, "'calendar'");
            var (calendars, calendarsRead) = ReadNamedCalendars(reader.Mapping("calendars", required: false));
            var emergency = ReadEmergency(reader.Mapping("emergency", required: true));
            var tags = ReadTags(reader.Mapping("tags", required: false));
            var blocked = ReadBlocked(reader.Mapping("blocked", required: false));
            var challenge = ReadChallenge(reader.Mapping("challenge", required: false));
            var states = ReadStates(reader.Mapping("states", required: true));
            reader.ReportUnknownKeys();

            return start is null || calendar is null || !calendarsRead || emergency is null
                ? null
                : new FlowDefinition(name, language, voice, start, destinations, calendar, states, emergency) { DeclaredTags = tags, Calendars = calendars, Blocked = blocked, Challenge = challenge };
        }

        private EmergencyDefinition? ReadEmergency(YamlMapping? map)
        {
            if (map is null)
            {
                return null;
            }

            var reader = Reader(map, "'emergency'");
            var prompt = ReadPrompt(reader, "prompt", "'emergency'", required: true);
            var destination = reader.Reference("transfer-to", required: true);
            reader.ReportUnknownKeys();
            return prompt is null || destination is null ? null : new EmergencyDefinition(prompt, destination);
        }

        private Dictionary<string, DestinationDefinition> ReadDestinations(YamlMapping? map)
        {
            var result = new Dictionary<string, DestinationDefinition>(StringComparer.Ordinal);
            if (map is null)
            {
                return result;
            }

            foreach (var (key, value) in map.Entries)
            {
                string? number;
                string? configKey = null;
                var numberPosition = value.Position;
                switch (value)
                {
                    case YamlScalar scalar:
                        number = scalar.Value.Trim();
                        break;
                    case YamlMapping detail:
                        var reader = Reader(detail, $"destination '{key.Value}'");
                        var numberNode = reader.Scalar("number", required: true);
                        number = numberNode?.Value.Trim();
                        numberPosition = numberNode?.Position ?? detail.Position;
                        configKey = reader.Text("config", required: false);
                        reader.ReportUnknownKeys();
                        break;
                    default:
                        Error(value.Position, DiagnosticCodes.WrongType, $"destination '{key.Value}' must be a number or a block with 'number' (and 'config')");
                        continue;
                }

                if (number is null)
                {
                    continue;
                }

                if (configKey is not null && options.DestinationNumbers.TryGetValue(configKey, out var configured) && !string.IsNullOrWhiteSpace(configured))
                {
                    number = configured.Trim();
                    if (!PhoneNumbers.IsDialable(number))
                    {
                        Error(numberPosition, DiagnosticCodes.InvalidPhoneNumber,
                            $"destination '{key.Value}': the number set in configuration (Helpline:Destinations:{configKey}) is not dialable: '{number}'", PhoneNumbers.HintFor(number));
                    }
                }
                else if (!PhoneNumbers.IsDialable(number))
                {
                    Error(numberPosition, DiagnosticCodes.InvalidPhoneNumber, $"destination '{key.Value}': '{number}' is not a number that can be dialled", PhoneNumbers.HintFor(number));
                }

                // Kept even when invalid (the error above already refuses the flow) so transfers to it are not reported twice.
                result[key.Value] = new DestinationDefinition(key.Value, number, configKey, key.Position);
            }

            return result;
        }

        private List<StateDefinition> ReadStates(YamlMapping? map)
        {
            var states = new List<StateDefinition>();
            if (map is null)
            {
                return states;
            }

            foreach (var (key, value) in map.Entries)
            {
                CheckStateName(key);
                if (value is not YamlMapping stateMap)
                {
                    InvalidStates.Add(key.Value);
                    Error(value.Position, DiagnosticCodes.WrongType, $"state '{key.Value}' must be a block of keys starting with 'type:'");
                    continue;
                }

                var state = ReadState(key, stateMap);
                if (state is not null)
                {
                    states.Add(state);
                }
                else
                {
                    InvalidStates.Add(key.Value);
                }
            }

            return states;
        }

        private MappingReader Reader(YamlMapping map, string context) => new(map, context, Error);

        private void Error(SourcePosition position, string code, string message) => Error(position, code, message, null);

        private void Error(SourcePosition position, string code, string message, string? hint) =>
            diagnostics.Add(new FlowDiagnostic(file, position, DiagnosticSeverity.Error, code, message, hint));
    }
}
