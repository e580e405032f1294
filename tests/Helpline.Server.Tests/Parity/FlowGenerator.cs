using System.Globalization;
using System.Text;
using CsCheck;

namespace Helpline.Server.Tests.Parity;

/// <summary>
/// Writes call-flow files the way an operator might, and a few ways they should not: state, flow, destination and queue
/// names of every length and alphabet (spaces, URL-reserved characters, accents, CJK, RTL, emoji, bidi and zero-width
/// characters, control characters, names near and past every limit), 2 to 120 states of every type wired into
/// menus, transfers, queues, messages, hours checks (on the flow's calendar or a named one of <c>calendars:</c>, some
/// never open, some never closed, now and then a name nobody declared) and hangups (loops through menus included), texts from a word to
/// past the provider's speech limit, recordings with odd names and formats. Most flows are valid; the rest probe
/// what the validator must refuse. Deterministic for a given <see cref="PCG"/>.
/// </summary>
internal sealed partial class FlowGenerator(PCG pcg)
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

    /// <summary>
    /// Named calendars a flow may declare, as seen from the test's Tuesday 10:00 in Paris: open, closed, open in another
    /// time zone's hours, never open (its open branch is dead, HL307) and never closed (its closed branch is dead).
    /// </summary>
    private static readonly (string Name, string Yaml)[] NamedCalendars =
    [
        ("ouvert-mardi", "    hours:\n      tuesday: \"09:00-19:00\"\n    public-holidays: none"),
        ("ferme-mardi", "    hours:\n      monday: \"09:00-19:00\""),
        ("reunion", "    timezone: Indian/Reunion\n    hours:\n      tuesday: [\"08:00-12:00\", \"13:00-14:00\"]"),
        ("jamais", "    hours: {}"),
        ("toujours", "    hours:\n      monday: \"00:00-24:00\"\n      tuesday: \"00:00-24:00\"\n      wednesday: \"00:00-24:00\"\n      thursday: \"00:00-24:00\"\n      friday: \"00:00-24:00\"\n      saturday: \"00:00-24:00\"\n      sunday: \"00:00-24:00\"\n    public-holidays: none"),
    ];

    private readonly List<string> _recordings = [];
    private readonly List<string> _calendars = [];
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private Style _names;
    private Style _texts;
    private Style _files;

    /// <summary>The next flow.</summary>
    public GeneratedFlow Next()
    {
        _recordings.Clear();
        _used.Clear();
        _calendars.Clear();
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
        AppendNamedCalendars(yaml);
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
                else if (state.Kind == Kind.Hours && _calendars.Count > 0 && Chance(0.6))
                {
                    yaml.Append("    calendar: ").AppendLine(Quote(Chance(0.05) ? "non-declare" : _calendars[Int(0, _calendars.Count - 1)]));
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

        if (Chance(0.15))
        {
            // The older key (a warning): its sentences without {attente} are the position text.
            yaml.Append("    announce: ").AppendLine(Quote("Vous êtes en position {position}, attente {attente} minutes. " + Text(_texts)));
        }
        else if (Chance(0.2))
        {
            yaml.Append("    announce-position: ").AppendLine(Quote("Vous êtes en position {position}. " + Text(_texts)));
            yaml.Append("    announce-estimate: ").AppendLine(Quote("Attente estimée : entre {attente-min} et {attente-max} minutes. " + Text(_texts)));
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

    /// <summary>Sometimes a few named calendars (hours states then name them now and then).</summary>
    private void AppendNamedCalendars(StringBuilder yaml)
    {
        if (!Chance(0.3))
        {
            return;
        }

        yaml.AppendLine("calendars:");
        foreach (var (name, body) in NamedCalendars.Where(_ => Chance(0.5)).DefaultIfEmpty(NamedCalendars[0]))
        {
            _calendars.Add(name);
            yaml.Append("  ").Append(name).AppendLine(":").AppendLine(body);
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
}
