using System.Collections.Concurrent;

namespace Helpline.Core.Flows.Execution;

/// <summary>
/// The flow versions this process can run: the current one, which new calls start on, and every version calls are
/// still running on. Publishing a new version is one atomic reference swap, so a reload never disturbs a call in progress.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class FlowRegistry
{
    private readonly ConcurrentDictionary<string, CompiledFlow> _versions = new(StringComparer.Ordinal);
    private volatile CompiledFlow? _current;

    /// <summary>When the current version was published.</summary>
    public DateTimeOffset? CurrentSince { get; private set; }

    /// <summary>The version new calls start on; throws before the first <see cref="Publish"/>.</summary>
    public CompiledFlow Current => _current ?? throw new InvalidOperationException("no call flow has been loaded yet");

    /// <summary>True once a flow is loaded.</summary>
    public bool HasCurrent => _current is not null;

    /// <summary>Makes <paramref name="flow"/> the version new calls start on.</summary>
    public void Publish(CompiledFlow flow, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(flow);
        _versions[flow.Hash] = flow;
        CurrentSince = at;
        _current = flow;
    }

    /// <summary>Adds a version (e.g. reloaded from the database for a call that began before a restart) without making it current.</summary>
    public void Remember(CompiledFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        _versions.TryAdd(flow.Hash, flow);
    }

    /// <summary>The version with this content hash (see <see cref="CompiledFlow.Hash"/>), or null.</summary>
    public CompiledFlow? Find(string hash) => _versions.GetValueOrDefault(hash);
}
