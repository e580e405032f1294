namespace Helpline.Core.Flows;

/// <summary>
/// A named number calls can be transferred to (17, 115, 3919, the département's child-protection service…).
/// Naming them keeps numbers in one place and lets configuration replace one (e.g. the child-protection line)
/// without editing the flow.
/// </summary>
/// <param name="Name">The name states refer to.</param>
/// <param name="Number">The number to dial: E.164 (<c>+33…</c>) or a French short number (17, 115, 3919…).</param>
/// <param name="ConfigurationKey">When set, <c>Helpline:Destinations:&lt;key&gt;</c> in configuration replaces <paramref name="Number"/>.</param>
/// <param name="Position">Where the destination is written.</param>
public sealed record DestinationDefinition(string Name, string Number, string? ConfigurationKey, SourcePosition Position);
