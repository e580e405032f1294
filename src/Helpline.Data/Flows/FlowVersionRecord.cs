namespace Helpline.Data.Flows;

/// <summary>A flow version as stored: its text, so a call begun on it can finish on it after a restart.</summary>
public sealed record FlowVersionRecord(string Hash, string Name, string SourcePath, string Content, DateTimeOffset LoadedAt);
