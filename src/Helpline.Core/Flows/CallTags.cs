using System.Text.RegularExpressions;

namespace Helpline.Core.Flows;

/// <summary>
/// The rules for call tags (<see cref="TagDefinition"/>): their names, how many a call carries, and the tags the line
/// itself sets (a flow declares them to give them words, but no menu choice may set them).
/// </summary>
public static partial class CallTags
{
    /// <summary>A tag name: lower-case letters and digits in words joined by single dashes, at most <see cref="MaxNameLength"/> characters.</summary>
    public const string NamePattern = "^[a-z0-9]+(-[a-z0-9]+)*$";

    /// <summary>
    /// Longest tag name. Names travel in the worker's step URLs, which the provider takes up to 4,000 characters: with
    /// the longest public URL and state name the validator accepts, <see cref="MaxTags"/> names of this length still fit
    /// (VoiceRoutesTests checks the longest URL).
    /// </summary>
    public const int MaxNameLength = 32;

    /// <summary>Most tags a flow may declare (and so a call may carry).</summary>
    public const int MaxTags = 10;

    /// <summary>Set by the line on a caller recognised as calling back after being cut off (issue "Discretion and continuity").</summary>
    public const string Recall = "rappel-apres-coupure";

    /// <summary>Set by the line on a caller whose number a supervisor flagged "watch" (issue "Protect the line from abusers").</summary>
    public const string Watched = "appelant-signale";

    /// <summary>Tags the line sets itself: a flow may declare them (to give them its own words, and count them) but no menu choice may set them.</summary>
    public static IReadOnlySet<string> SetByTheLine { get; } = new HashSet<string>(StringComparer.Ordinal) { Recall, Watched };

    /// <summary>
    /// The words of the tags the line sets itself, used when a flow does not declare them: a worker must always hear that
    /// a caller is calling back after a cut-off, or that her number was flagged, whatever the flow's file says. A flow
    /// that declares one of these tags under <c>tags:</c> gives it its own words instead. French, as the worker hears it.
    /// </summary>
    public static IReadOnlyDictionary<string, TagDefinition> BuiltIn { get; } = new Dictionary<string, TagDefinition>(StringComparer.Ordinal)
    {
        [Recall] = new(Recall, "Rappel après coupure", "Rappel après coupure : cette personne a été coupée il y a peu.", SourcePosition.Start),
        [Watched] = new(Watched, "Appelant signalé", "Attention : ce numéro a été signalé par la supervision.", SourcePosition.Start),
    };

    /// <summary>
    /// <paramref name="declared"/> (a flow's <c>tags:</c>) with the <see cref="BuiltIn"/> tags it does not declare: what
    /// a call's tags are said and shown with.
    /// </summary>
    public static IReadOnlyDictionary<string, TagDefinition> WithBuiltIns(IReadOnlyDictionary<string, TagDefinition> declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        if (BuiltIn.Keys.All(declared.ContainsKey))
        {
            return declared;
        }

        var all = new Dictionary<string, TagDefinition>(declared, StringComparer.Ordinal);
        foreach (var (name, tag) in BuiltIn)
        {
            all.TryAdd(name, tag);
        }

        return all;
    }

    /// <summary>True when <paramref name="name"/> is a valid tag name.</summary>
    public static bool IsValidName(string name) => name.Length <= MaxNameLength && Name().IsMatch(name);

    /// <summary><paramref name="existing"/> then the tags of <paramref name="added"/> not in it yet, in order.</summary>
    public static IReadOnlyList<string> Union(IReadOnlyList<string> existing, IReadOnlyList<string> added)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(added);
        if (added.Count == 0)
        {
            return existing;
        }

        var result = existing.ToList();
        result.AddRange(added.Where(t => !result.Contains(t, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal));
        return result;
    }

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex Name();
}
