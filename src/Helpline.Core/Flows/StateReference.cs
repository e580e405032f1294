namespace Helpline.Core.Flows;

/// <summary>
/// A reference by name to another state (or to a destination or a named calendar), with where it was written so a wrong
/// name is reported at that place.
/// </summary>
/// <param name="Name">The referenced name.</param>
/// <param name="Position">Where the reference is written.</param>
public sealed record StateReference(string Name, SourcePosition Position);
