namespace Helpline.Server.Dashboard.Orientations;

/// <summary>An orientation category of the after-call form: the stored code and the label the worker reads.</summary>
public sealed record Orientation(string Code, string Label);
