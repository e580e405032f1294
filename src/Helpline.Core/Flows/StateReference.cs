namespace Helpline.Core.Flows;

/// <summary>A reference to another state by name, with where it was written so a wrong name is reported at that place.</summary>
/// <param name="Name">The referenced state's name.</param>
/// <param name="Position">Where the reference is written.</param>
public sealed record StateReference(string Name, SourcePosition Position);
