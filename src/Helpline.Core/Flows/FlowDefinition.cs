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
/// <param name="Calendar">Opening hours, holidays and closures.</param>
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

    /// <summary>The tags this flow can put on a call (<c>tags:</c>), by name.</summary>
    public IReadOnlyDictionary<string, TagDefinition> Tags { get; init; } = new Dictionary<string, TagDefinition>(StringComparer.Ordinal);

    /// <summary>
    /// What the worker hears about <paramref name="tags"/> before the whisper's own words: each declared tag's
    /// <see cref="TagDefinition.Whisper"/>, in the call's order; tags this version does not declare are left out.
    /// </summary>
    public string TagWhispers(IEnumerable<string> tags) =>
        string.Join(" ", tags.Select(t => Tags.GetValueOrDefault(t)?.Whisper).OfType<string>());

    /// <summary>The state with this name, or null.</summary>
    public StateDefinition? FindState(string name) => _byName.GetValueOrDefault(name);
}
