using Helpline.Core.Flows.Execution;
using Stateless.Graph;

namespace Helpline.Server.Dashboard.Pages.Supervisor;

/// <summary>The call flow in service, as the supervisor page's flow panel shows it.</summary>
/// <param name="Name">The flow's name.</param>
/// <param name="ShortHash">The version: the first characters of its content hash.</param>
/// <param name="LoadedAt">When this version started serving.</param>
/// <param name="FileName">The YAML file it was read from (name only).</param>
/// <param name="Mermaid">Its state diagram, in Mermaid.</param>
public sealed record ServingFlow(string Name, string ShortHash, DateTimeOffset? LoadedAt, string FileName, string Mermaid)
{
    /// <summary>The flow <paramref name="flows"/> serves now, or null before the first load.</summary>
    public static ServingFlow? Of(FlowRegistry flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        if (!flows.HasCurrent)
        {
            return null;
        }

        var flow = flows.Current;
        return new ServingFlow(flow.Name, flow.ShortHash, flows.CurrentSince, Path.GetFileName(flow.SourcePath), MermaidGraph.Format(flow.GetInfo()));
    }
}
