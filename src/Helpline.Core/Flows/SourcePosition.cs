namespace Helpline.Core.Flows;

/// <summary>
/// Where something was written in a flow file (1-based line and column), so every message an operator reads can point
/// at the exact place to fix.
/// </summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>Used when no better place is known (e.g. an empty file).</summary>
    public static SourcePosition Start { get; } = new(1, 1);
}
