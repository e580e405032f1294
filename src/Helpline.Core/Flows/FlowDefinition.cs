using Helpline.Core.Calendar;

namespace Helpline.Core.Flows;

/// <summary>
/// A call flow as loaded from one YAML file: who speaks (language, voice), the numbers it can transfer to, its calendar
/// and its states. Immutable; compiled once per file version and shared by every call on that version.
/// </summary>
/// <param name="Name">The flow's name (<c>flow:</c>).</param>
/// <param name="Language">Language of spoken text, e.g. <c>fr-FR</c>.</param>
/// <param name="Voice">Text-to-speech voice, e.g. <c>Polly.Lea</c>, or null for the provider's default.</param>
/// <param name="Start">The state every call starts in.</param>
/// <param name="Destinations">Named numbers, by name.</param>
/// <param name="Calendar">The line's own opening hours, holidays and closures (the operator's override applies to them).</param>
/// <param name="States">The states in file order.</param>
/// <param name="Emergency">What is said and dialled when anything goes wrong (the last resort of every failure path).</param>
public sealed record FlowDefinition(
    string Name,
    string Language,
    string? Voice,
    StateReference Start,
    IReadOnlyDictionary<string, DestinationDefinition> Destinations,
    BusinessCalendar Calendar,
    IReadOnlyList<StateDefinition> States,
    EmergencyDefinition Emergency)
{
    private readonly Dictionary<string, StateDefinition> _byName = States.ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>
    /// The tags a call on this flow can carry, by name: those it declares (<c>tags:</c>) and the tags the line sets
    /// itself (<see cref="CallTags.BuiltIn"/>), with their built-in words unless the flow declares them.
    /// </summary>
    public IReadOnlyDictionary<string, TagDefinition> Tags { get; private init; } = CallTags.BuiltIn;

    /// <summary>
    /// The tags the flow's file declares (<c>tags:</c>), by name: those menu choices may set, and those the statistics
    /// count (one column each in the CSV export, whose header stays what the file says).
    /// </summary>
    public IReadOnlyDictionary<string, TagDefinition> DeclaredTags
    {
        get => _declaredTags;
        init
        {
            _declaredTags = value ?? throw new ArgumentNullException(nameof(value));
            Tags = CallTags.WithBuiltIns(value);
        }
    }

    private readonly IReadOnlyDictionary<string, TagDefinition> _declaredTags = new Dictionary<string, TagDefinition>(StringComparer.Ordinal);

    /// <summary>
    /// What the worker hears about <paramref name="tags"/> before the whisper's own words: each declared tag's
    /// <see cref="TagDefinition.Whisper"/>, in the call's order; tags this version does not know (neither declared nor
    /// built in) are left out.
    /// </summary>
    public string TagWhispers(IEnumerable<string> tags) =>
        string.Join(" ", tags.Select(t => Tags.GetValueOrDefault(t)?.Whisper).OfType<string>());

    /// <summary>Other lines' calendars (<c>calendars:</c>), by name, that hours states may name instead of <see cref="Calendar"/>.</summary>
    public IReadOnlyDictionary<string, NamedCalendar> Calendars { get; init; } = new Dictionary<string, NamedCalendar>(StringComparer.Ordinal);

    /// <summary>What a blocked caller hears before the call ends (<c>blocked:</c>), or null: the emergency message then.</summary>
    public BlockedDefinition? Blocked { get; init; }

    /// <summary>The keypad challenge before the queue (<c>challenge:</c>), or null: this flow challenges nobody.</summary>
    public ChallengeDefinition? Challenge { get; init; }

    /// <summary>The state with this name, or null.</summary>
    public StateDefinition? FindState(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// The calendar <paramref name="state"/> decides with: the named calendar it names, or the flow's own. A name the
    /// flow does not declare is refused by the validator (HL202), so a loaded flow always finds it.
    /// </summary>
    public BusinessCalendar CalendarOf(HoursState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Calendar is { } named ? Calendars[named.Name].Calendar : Calendar;
    }

    /// <summary>
    /// True when the operator's hours override can change what <paramref name="state"/> decides: only on the flow's own
    /// calendar (our line's hours), never on a named calendar (another organisation's hours are not ours to override).
    /// </summary>
    public static bool OverrideApplies(HoursState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Calendar is null;
    }

    /// <summary>
    /// Open or closed for <paramref name="state"/> at <paramref name="instant"/>: its calendar, with
    /// <paramref name="hoursOverride"/> only where it applies (<see cref="OverrideApplies"/>). The one place that says
    /// which calendar an hours state reads; running calls, the simulator and scenario tests all come through here.
    /// </summary>
    public OpeningStatus Decide(HoursState state, DateTimeOffset instant, HoursOverride? hoursOverride)
    {
        ArgumentNullException.ThrowIfNull(state);
        return CalendarOf(state).Evaluate(instant, OverrideApplies(state) ? hoursOverride : null);
    }
}
