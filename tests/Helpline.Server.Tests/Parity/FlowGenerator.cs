using System.Globalization;
using System.Text;
using CsCheck;

namespace Helpline.Server.Tests.Parity;

/// <summary>
/// Writes call-flow files the way an operator might, and a few ways they should not: state, flow, destination and queue
/// names of every length and alphabet (spaces, URL-reserved characters, accents, CJK, RTL, emoji, bidi and zero-width
/// characters, control characters, names near and past every limit), 2 to 120 states of every type wired into
/// menus, transfers, queues, messages, hours checks and hangups (loops through menus included), texts from a word to
/// past the provider's speech limit, recordings with odd names and formats. Most flows are valid; the rest probe
/// what the validator must refuse. Deterministic for a given <see cref="PCG"/>.
/// </summary>
internal sealed class FlowGenerator(PCG pcg)
{
    private enum Kind
    {
        Hours,
        Menu,
        Message,
        Transfer,
        Queue,
        Hangup,
    }

    private enum Style
    {
        Plain,
        Wild,
        Edge,
    }

    private static readonly string[] Words =
    [
        "Bonjour", "vous", "êtes", "sur", "la", "ligne", "d'écoute", "tapez", "1", "2", "le", "17", "39 19", "écoutante", "danger",
        "immédiat", "hébergement", "enfant", "gratuit", "confidentiel", "Merci", "de", "patienter", "&", "<", ">", "\"", "'", "%",
        "#", "?", "+", "œuvre", "Ça", "à", "où", "Noël", "«", "»", "—", "…", "🚨", "שלום", "مرحبا", "你好", "ß", "e\u0301",
    ];

    private static readonly string[] WildPieces =
    [
        " ", "&", "#", "%", "+", "?", "/", "=", ";", ":", "'", "\"", "\\", "~", "!", "*", "(", ")", "[", "]", "{", "}", "<", ">",
        "|", "@", "$", "^", "`", ",", ".", "-", "_", "é", "è", "ç", "ü", "ß", "Œ", "中文", "日本", "שלום", "مرحبا", "🚨",
        "👩\u200D⚕\uFE0F", "e\u0301", "\u00A0", "\u200B", "\u202E", "\u2066", "\uFFFD", "ǅ", "İ", "ﬁ", "𝔘",
    ];

    private static readonly string[] RefusedPieces = ["\t", "\u0001", "\u001F", "\u007F", "\u0085", "\uFFFE", "\uFFFF"];

    private static readonly string[] Extensions = [".wav", ".wav", ".mp3", ".WAV", ".aiff", ".txt", ".ogg", ".m4a", ""];

    private static readonly string[] ShortNumbers = ["17", "112", "115", "119", "3919", "116006", "114"];

    private readonly List<string> _recordings = [];
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private Style _names;
    private Style _texts;
    private Style _files;

    /// <summary>The next flow.</summary>
    public GeneratedFlow Next()
    {
        _recordings.Clear();
        _used.Clear();
        _names = PickStyle();
        _texts = PickStyle();
        _files = PickStyle();
        var count = Chance(0.6) ? Int(2, 8) : Chance(0.75) ? Int(9, 30) : Int(31, 120);
        // Sometimes a long chain of messages and hours checks, which the server answers in one go: near and past
        // what one answer may hold (64 kB) when their texts are long, and past the 64 states it once stopped at.
        var chain = Chance(0.12) ? Int(10, 90) : 0;
        if (chain > 0)
        {
            count = Math.Max(count, chain + 3);
            _texts = Chance(0.5) ? Style.Edge : Style.Plain;
        }

        var states = BuildGraph(count, chain);
        var destinations = Enumerable.Range(0, Int(1, 4)).Select(_ => (Name: UniqueName(), Number: Number())).ToList();
        var yaml = new StringBuilder();
        yaml.Append("flow: ").AppendLine(Quote(Chance(0.7) ? "essai-" + Int(1, 9999).ToString(CultureInfo.InvariantCulture) : Name(_names, 500)));
        if (Chance(0.8))
        {
            yaml.AppendLine("language: fr-FR");
        }

        if (Chance(0.7))
        {
            yaml.AppendLine("voice: Polly.Lea");
        }

        yaml.Append("start: ").AppendLine(Quote(states[0].Name));
        yaml.AppendLine("destinations:");
        foreach (var (name, number) in destinations)
        {
            yaml.Append("  ").Append(Quote(name)).Append(": ").AppendLine(Quote(number));
        }

        AppendCalendar(yaml);
        yaml.AppendLine("emergency:");
        AppendPrompt(yaml, "  ", "prompt", required: true);
        yaml.Append("  transfer-to: ").AppendLine(Quote(destinations[Int(0, destinations.Count - 1)].Name));
        yaml.AppendLine("states:");
        foreach (var state in states)
        {
            AppendState(yaml, state, states, destinations);
        }

        var description = $"{count} states{(chain > 0 ? $", a chain of {chain}" : string.Empty)} ({string.Join(", ", states.GroupBy(s => s.Kind).Select(g => $"{g.Count()} {g.Key}"))}), names {_names}, texts {_texts}, files {_files}";
        return new GeneratedFlow(yaml.ToString(), [.. _recordings], description);
    }

    private List<StateSpec> BuildGraph(int count, int chain)
    {
        var hangups = count >= 3 && Chance(0.5) ? 2 : 1;
        var states = new List<StateSpec>();
        for (var i = 0; i < count; i++)
        {
            var kind = i >= count - hangups ? Kind.Hangup : i < chain ? (Chance(0.9) ? Kind.Message : Kind.Hours) : PickKind();
            states.Add(new StateSpec(UniqueName(), kind) { Silent = kind == Kind.Hangup && i == count - 1 && hangups == 2 });
        }

        for (var i = 0; i < chain; i++)
        {
            foreach (var slot in states[i].RequiredSlots())
            {
                states[i].Assign(slot, i + 1);
            }
        }

        if (_names == Style.Edge && Chance(0.35))
        {
            states[Int(0, count - 1)].Name = RefusedName();
        }

        // Every state is reached from an earlier one (the validator refuses unreachable states)...
        for (var j = chain + 1; j < count; j++)
        {
            var candidates = Enumerable.Range(0, j).Where(i => states[i].Kind != Kind.Hangup && states[i].FreeSlot(states[j].Silent) is not null).ToList();
            if (candidates.Count == 0 && states[j].Silent)
            {
                // Only failure paths are left to reach it, and silence after a failure is refused: let it speak.
                states[j].Silent = false;
                candidates = Enumerable.Range(0, j).Where(i => states[i].Kind != Kind.Hangup && states[i].FreeSlot(false) is not null).ToList();
            }

            if (candidates.Count > 0)
            {
                var parent = states[candidates[Int(0, candidates.Count - 1)]];
                parent.Assign(parent.FreeSlot(states[j].Silent)!, j);
            }
        }

        // ...and leads only forward, so every path ends at a hangup; loops only go back to a menu (which waits for keys).
        for (var i = 0; i < count; i++)
        {
            var state = states[i];
            foreach (var slot in state.RequiredSlots().Concat(state.OptionalSlots().Where(_ => Chance(0.35))))
            {
                if (!state.Targets.ContainsKey(slot))
                {
                    state.Assign(slot, Forward(states, i, StateSpec.IsFailure(state.Kind, slot)));
                }
            }

            if (state.Kind == Kind.Menu)
            {
                if (Chance(0.3))
                {
                    state.Assign("choice", Forward(states, i, failure: false));
                }

                var earlierMenus = Enumerable.Range(0, i + 1).Where(k => states[k].Kind == Kind.Menu).ToList();
                if (Chance(0.15))
                {
                    state.Assign("choice", earlierMenus[Int(0, earlierMenus.Count - 1)]);
                }

                if (Chance(0.05))
                {
                    // Replays itself for as long as the caller says nothing; what no key led to stays reachable by a key.
                    if (state.Targets.TryGetValue("on-timeout", out var before) && state.Choices.Count < 10)
                    {
                        state.Choices.Add(before);
                        state.Targets["on-timeout"] = i;
                    }
                }
            }
        }

        return states;
    }

    private int Forward(List<StateSpec> states, int from, bool failure)
    {
        var targets = Enumerable.Range(from + 1, states.Count - from - 1).Where(j => !(failure && states[j].Silent)).ToList();
        return targets[Int(0, targets.Count - 1)];
    }

    private void AppendState(StringBuilder yaml, StateSpec state, List<StateSpec> states, List<(string Name, string Number)> destinations)
    {
        yaml.Append("  ").Append(Quote(state.Name)).AppendLine(":");
        yaml.Append("    type: ").AppendLine(state.Kind.ToString().ToLowerInvariant());
        if (Chance(0.1))
        {
            yaml.Append("    description: ").AppendLine(Quote(Text(Style.Plain)));
        }

        string Target(int index) => Quote(states[index].Name);
        switch (state.Kind)
        {
            case Kind.Hours:
            case Kind.Message:
            case Kind.Transfer:
            case Kind.Queue:
                if (state.Kind == Kind.Message)
                {
                    AppendPrompt(yaml, "    ", "prompt", required: true);
                }
                else if (state.Kind == Kind.Transfer)
                {
                    yaml.Append("    to: ").AppendLine(Quote(destinations[Int(0, destinations.Count - 1)].Name));
                    AppendPrompt(yaml, "    ", "announce", required: true);
                    if (Chance(0.5))
                    {
                        yaml.Append("    ring-seconds: ").AppendLine(Int(5, 120).ToString(CultureInfo.InvariantCulture));
                    }
                }
                else if (state.Kind == Kind.Queue)
                {
                    AppendQueue(yaml);
                }

                foreach (var (slot, target) in state.Targets.Where(t => t.Key != "choice"))
                {
                    yaml.Append("    ").Append(slot).Append(": ").AppendLine(Target(target));
                }

                break;
            case Kind.Menu:
                AppendPrompt(yaml, "    ", "prompt", required: true);
                yaml.AppendLine("    choices:");
                var keys = MenuKeys(state.Choices.Count);
                for (var c = 0; c < state.Choices.Count; c++)
                {
                    yaml.Append("      ").Append(Quote(keys[c])).Append(": ").AppendLine(Target(state.Choices[c]));
                }

                if (Chance(0.5))
                {
                    yaml.Append("    timeout-seconds: ").AppendLine(Int(1, 60).ToString(CultureInfo.InvariantCulture));
                }

                if (Chance(0.5))
                {
                    yaml.Append("    retries: ").AppendLine(Int(0, 5).ToString(CultureInfo.InvariantCulture));
                }

                AppendPrompt(yaml, "    ", "no-input-prompt", required: false);
                AppendPrompt(yaml, "    ", "invalid-prompt", required: false);
                foreach (var (slot, target) in state.Targets.Where(t => t.Key != "choice"))
                {
                    yaml.Append("    ").Append(slot).Append(": ").AppendLine(Target(target));
                }

                break;
            case Kind.Hangup:
                if (!state.Silent)
                {
                    AppendPrompt(yaml, "    ", "prompt", required: true);
                }

                break;
        }
    }

    private void AppendQueue(StringBuilder yaml)
    {
        var roll = Int(0, 9);
        if (roll >= 4)
        {
            var name = roll switch
            {
                < 7 => "ecoutantes-" + Int(1, 99).ToString(CultureInfo.InvariantCulture),
                < 9 => Chance(0.5) ? Name(Style.Wild, 63) : new string('q', Int(55, 63)),
                _ when Chance(0.6) => Name(Style.Edge, 63),
                _ => Chance(0.5) ? new string('q', Int(64, 70)) : "file" + RefusedPieces[Int(0, RefusedPieces.Length - 1)] + "x",
            };
            yaml.Append("    queue: ").AppendLine(Quote(name));
        }

        AppendPrompt(yaml, "    ", "hold", required: true);
        if (Chance(0.5))
        {
            yaml.Append("    max-wait-seconds: ").AppendLine(Int(30, 3600).ToString(CultureInfo.InvariantCulture));
        }

        if (Chance(0.3))
        {
            yaml.Append("    whisper: ").AppendLine(Quote("Appel de la ligne. Choix : {choix}. Attente : {attente} minutes. " + Text(_texts)));
            yaml.Append("    whisper-no-choice: ").AppendLine(Quote(Text(Style.Plain)));
        }

        if (Chance(0.3))
        {
            yaml.Append("    announce: ").AppendLine(Quote("Vous êtes en position {position}, attente {attente} minutes. " + Text(_texts)));
        }
    }

    private void AppendCalendar(StringBuilder yaml)
    {
        switch (Int(0, 2))
        {
            case 0:
                return; // the default: open on weekdays 09:00-17:00 (the test calls on a Tuesday at 10:00)
            case 1:
                yaml.AppendLine("calendar:\n  hours:\n    monday: \"09:00-17:00\"\n  public-holidays: none"); // closed on Tuesdays
                return;
            default:
                yaml.AppendLine("calendar:\n  timezone: Europe/Paris\n  hours:");
                foreach (var day in new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" })
                {
                    yaml.Append("    ").Append(day).AppendLine(": \"00:00-24:00\"");
                }

                return;
        }
    }

    private void AppendPrompt(StringBuilder yaml, string indent, string key, bool required)
    {
        if (!required && Chance(0.5))
        {
            return;
        }

        var text = Text(_texts);
        if (!Chance(0.3))
        {
            yaml.Append(indent).Append(key).Append(": ").AppendLine(Quote(text));
            return;
        }

        var file = "prompts/" + FileName();
        if (Chance(0.7))
        {
            _recordings.Add(file);
        }

        yaml.Append(indent).Append(key).AppendLine(":");
        yaml.Append(indent).Append("  audio: ").AppendLine(Quote(file));
        yaml.Append(indent).Append("  text: ").AppendLine(Quote(text));
    }

    private string FileName()
    {
        var extension = Extensions[Int(0, Extensions.Length - 1)];
        return _files switch
        {
            Style.Plain => "p" + Int(1, 999).ToString(CultureInfo.InvariantCulture) + extension,
            Style.Wild => SafeSegment(Name(Style.Wild, 40)) + extension,
            _ => Chance(0.5)
                ? string.Join('/', Enumerable.Range(0, Int(1, 8)).Select(_ => new string('r', Int(100, 200)))) + extension
                : (Chance(0.5) ? "sub/./" : "sub//") + SafeSegment(Name(Style.Wild, 30)) + extension,
        };
    }

    /// <summary>A file name the file system can hold: no '/', no NUL, not '.' or '..', at most 200 bytes.</summary>
    private static string SafeSegment(string name)
    {
        var cleaned = name.Replace('/', '-').Replace('\0', '-').Trim();
        while (Encoding.UTF8.GetByteCount(cleaned) > 200 || (cleaned.Length > 0 && char.IsHighSurrogate(cleaned[^1])))
        {
            cleaned = cleaned[..^1];
        }

        return cleaned is "" or "." or ".." ? "f" : cleaned;
    }

    /// <summary>The first <paramref name="max"/> characters, never cutting a surrogate pair in two.</summary>
    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        return char.IsHighSurrogate(text[max - 1]) ? text[..(max - 1)] : text[..max];
    }

    private string Text(Style style)
    {
        var builder = new StringBuilder();
        switch (style)
        {
            case Style.Plain:
                for (var i = Int(1, 12); i > 0; i--)
                {
                    builder.Append(Words[Int(0, 22)]).Append(' ');
                }

                break;
            case Style.Wild:
                for (var i = Int(1, 40); i > 0; i--)
                {
                    builder.Append(Words[Int(0, Words.Length - 1)]).Append(' ');
                }

                break;
            default:
                // Near the speech limits (3,000 bytes of UTF-8, 4,500 characters URL-encoded), mostly under, sometimes past.
                var over = Chance(0.2);
                var words = Chance(0.5) ? 23 : Words.Length;
                while (!NearSpeechLimit(builder.ToString(), over ? 40 : 0))
                {
                    builder.Append(Words[Int(0, words - 1)]).Append(' ');
                }

                while (!over && builder.Length > 1 && IsPastSpeechLimit(builder.ToString().Trim()))
                {
                    builder.Length--;
                    if (char.IsHighSurrogate(builder[^1]))
                    {
                        builder.Length--;
                    }
                }

                break;
        }

        return builder.ToString().Trim() is { Length: > 0 } text ? text : "Bonjour";
    }

    private static bool NearSpeechLimit(string text, int past) =>
        Encoding.UTF8.GetByteCount(text) >= 2950 + past || Uri.EscapeDataString(text).Length >= 4450 + past;

    private static bool IsPastSpeechLimit(string text) =>
        Encoding.UTF8.GetByteCount(text) > 3000 || Uri.EscapeDataString(text).Length > 4500;

    private string UniqueName()
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = Name(_names, 1000);
            if (_used.Add(name.Trim()) || attempt > 20)
            {
                return name;
            }
        }
    }

    private string Name(Style style, int max)
    {
        var builder = new StringBuilder();
        switch (style)
        {
            case Style.Plain:
                builder.Append("etat-").Append(Int(0, 99999).ToString(CultureInfo.InvariantCulture));
                break;
            case Style.Wild:
                for (var i = Int(1, 12); i > 0; i--)
                {
                    builder.Append(Chance(0.5) ? "ab" : WildPieces[Int(0, WildPieces.Length - 1)]);
                }

                break;
            default:
                if (Chance(0.6))
                {
                    // Around the lengths where limits were or could be: 199/200/201, 255/256, 299/300.
                    int[] lengths = [64, 128, 199, 200, 201, 255, 256, 299, 300];
                    var length = Math.Min(max, lengths[Int(0, lengths.Length - 1)]);
                    builder.Append('x');
                    while (builder.Length < length)
                    {
                        builder.Append(Chance(0.8) ? "x" : WildPieces[Int(0, WildPieces.Length - 1)]);
                    }

                    builder.Length = length;
                    builder[^1] = 'z';
                }
                else
                {
                    builder.Append(Name(Style.Wild, max));
                }

                break;
        }

        // Spaces at either end make a name no reference can name (references are read without them): only RefusedName does that.
        var name = Cut(builder.ToString(), max).Trim();
        return name.Length > 0 ? name : "ab";
    }

    /// <summary>A state name the validator must refuse: a control character, spaces around it, or too long.</summary>
    private string RefusedName() => Int(0, 3) switch
    {
        0 => "etat" + RefusedPieces[Int(0, RefusedPieces.Length - 1)] + Int(0, 999).ToString(CultureInfo.InvariantCulture),
        1 => (Chance(0.5) ? " etat" : "etat\u00A0") + Int(0, 999).ToString(CultureInfo.InvariantCulture),
        _ => new string('x', Int(301, 1000)),
    };

    private List<string> MenuKeys(int count)
    {
        const string pad = "0123456789*";
        var keys = new List<string>();
        var length = count <= pad.Length && Chance(0.7) ? 1 : Int(2, 8);
        var mixed = Chance(0.2);
        while (keys.Count < count)
        {
            var size = mixed ? Int(1, 8) : length;
            var key = new string(Enumerable.Range(0, size).Select(_ => pad[Int(0, pad.Length - 1)]).ToArray());
            if (!keys.Any(k => k.StartsWith(key, StringComparison.Ordinal) || key.StartsWith(k, StringComparison.Ordinal)) || Chance(0.002))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private string Number() => Int(0, 40) switch
    {
        0 => "01 23 45 67 89",
        < 20 => ShortNumbers[Int(0, ShortNumbers.Length - 1)],
        _ => "+33" + Int(1, 9).ToString(CultureInfo.InvariantCulture) + Int(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
    };

    private Kind PickKind() => Int(0, 99) switch
    {
        < 10 => Kind.Hours,
        < 45 => Kind.Menu,
        < 63 => Kind.Message,
        < 83 => Kind.Transfer,
        _ => Kind.Queue,
    };

    private Style PickStyle() => Int(0, 99) switch
    {
        < 45 => Style.Plain,
        < 80 => Style.Wild,
        _ => Style.Edge,
    };

    private bool Chance(double p) => pcg.Next(1_000_000) < p * 1_000_000;

    private int Int(int min, int max) => min + (int)pcg.Next((uint)(max - min + 1));

    /// <summary>A YAML double-quoted scalar: escapes for quotes, backslashes and every character YAML would not carry as written.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case < ' ' or (>= '\u007F' and <= '\u009F') or '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF':
                    builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>One state as the generator wires it, before it is written out.</summary>
    private sealed class StateSpec(string name, Kind kind)
    {
        public string Name { get; set; } = name;

        public Kind Kind { get; } = kind;

        /// <summary>A hangup without a prompt: only reached where the validator allows silence (never after a failure).</summary>
        public bool Silent { get; set; }

        public Dictionary<string, int> Targets { get; } = new(StringComparer.Ordinal);

        public List<int> Choices { get; } = [];

        public static bool IsFailure(Kind kind, string slot) => kind == Kind.Hours || slot is "on-timeout" or "on-invalid" or "failed" or "busy" or "no-answer" or "overflow";

        public IEnumerable<string> RequiredSlots() => Kind switch
        {
            Kind.Hours => ["open", "closed"],
            Kind.Message => ["next"],
            Kind.Menu => Choices.Count == 0 ? ["choice", "on-timeout"] : ["on-timeout"],
            Kind.Transfer => ["answered", "failed"],
            Kind.Queue => ["answered", "overflow"],
            _ => [],
        };

        public IEnumerable<string> OptionalSlots() => Kind switch
        {
            Kind.Menu => ["on-invalid"],
            Kind.Transfer => ["busy", "no-answer"],
            _ => [],
        };

        public string? FreeSlot(bool silentTarget)
        {
            if (Kind == Kind.Menu && Choices.Count < 10)
            {
                return "choice";
            }

            return RequiredSlots().Concat(OptionalSlots()).FirstOrDefault(s => s != "choice" && !Targets.ContainsKey(s) && !(silentTarget && IsFailure(Kind, s)));
        }

        public void Assign(string slot, int target)
        {
            if (slot == "choice")
            {
                Choices.Add(target);
            }
            else
            {
                Targets[slot] = target;
            }
        }
    }
}
