namespace Helpline.Core.Flows.Loading;

/// <summary>
/// A minimal YAML tree that keeps the position of every node and every key. We build it ourselves from the parser's
/// events (rather than YamlDotNet's representation model) to report duplicate keys at the second occurrence, refuse
/// anchors and aliases (alias bombs) and bound the nesting depth.
/// </summary>
internal abstract record YamlNode(SourcePosition Position)
{
    /// <summary>The word used in messages for this kind of node.</summary>
    public abstract string Describe { get; }
}

/// <summary>A scalar: text, number, boolean… always kept as the text written.</summary>
internal sealed record YamlScalar(SourcePosition Position, string Value, bool IsPlain) : YamlNode(Position)
{
    public override string Describe => "a value";

    /// <summary>True for a plain <c>~</c>, <c>null</c> or empty value.</summary>
    public bool IsNull => IsPlain && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");
}

/// <summary>A list.</summary>
internal sealed record YamlSequence(SourcePosition Position, IReadOnlyList<YamlNode> Items) : YamlNode(Position)
{
    public override string Describe => "a list";
}

/// <summary>A mapping, entries in file order.</summary>
internal sealed record YamlMapping(SourcePosition Position, IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries) : YamlNode(Position)
{
    public override string Describe => "a block of keys";
}
