namespace Helpline.Core.Flows;

/// <summary>
/// A tag a flow can put on a call (<c>tags:</c> at the top of the flow file), e.g. <c>ne-peut-pas-parler</c> for a
/// caller who cannot speak safely: stored on the call, said to the worker in the whisper, shown on /poste and counted
/// in the statistics. The words live in the flow (French), the name is the stable identifier.
/// </summary>
/// <param name="Name">The tag's name (<see cref="CallTags.NamePattern"/>), as stored and counted.</param>
/// <param name="Label">Its short label, shown to workers and supervisors (e.g. « Ne peut pas parler »).</param>
/// <param name="Whisper">What the worker hears about it before being connected.</param>
/// <param name="Position">Where it is declared.</param>
public sealed record TagDefinition(string Name, string Label, string Whisper, SourcePosition Position);
