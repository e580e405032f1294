namespace Helpline.Core.Flows.Loading;

/// <summary>What the loader needs from outside the flow file.</summary>
public sealed record FlowLoadOptions
{
    /// <summary>Numbers from configuration (<c>Helpline:Destinations:&lt;key&gt;</c>), by key, replacing a destination's <c>number</c>.</summary>
    public IReadOnlyDictionary<string, string> DestinationNumbers { get; init; } = new Dictionary<string, string>();

    /// <summary>Largest file accepted: flows are a few kilobytes; a huge file is a mistake, not a flow.</summary>
    public long MaxFileBytes { get; init; } = 1024 * 1024;

    /// <summary>Defaults.</summary>
    public static FlowLoadOptions Default { get; } = new();
}
