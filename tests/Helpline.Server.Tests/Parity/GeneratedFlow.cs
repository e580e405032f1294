namespace Helpline.Server.Tests.Parity;

/// <summary>A flow file written by <see cref="FlowGenerator"/>: its text, the recordings to create beside it, and a one-line summary for failure messages.</summary>
/// <param name="Yaml">The flow file's text.</param>
/// <param name="Recordings">Recordings that exist (paths relative to the flow file, e.g. <c>prompts/a b.wav</c>); the flow may name others that do not.</param>
/// <param name="Description">What kind of flow it is (sizes, styles).</param>
internal sealed record GeneratedFlow(string Yaml, IReadOnlyList<string> Recordings, string Description);
