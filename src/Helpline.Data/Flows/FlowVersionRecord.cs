namespace Helpline.Data.Flows;

/// <summary>A flow version as stored: its text, so a call begun on it can finish on it after a restart or a reload.</summary>
/// <param name="Hash">The content hash calls refer to (<c>calls.flow_hash</c>).</param>
/// <param name="Name">The flow's name.</param>
/// <param name="SourcePath">The YAML file it was loaded from.</param>
/// <param name="Content">The YAML text itself.</param>
/// <param name="LoadedAt">When this version was first loaded (kept from the first save).</param>
public sealed record FlowVersionRecord(string Hash, string Name, string SourcePath, string Content, DateTimeOffset LoadedAt);
