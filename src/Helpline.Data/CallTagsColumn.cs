namespace Helpline.Data;

/// <summary>
/// Reads the <c>calls.tags</c> column as selected with <c>array_to_string(tags, ',')</c>: Dapper cannot hand a
/// <c>text[]</c> to a record's constructor (it sees <see cref="System.Array"/>), and tag names never hold a comma
/// (lower-case words joined by dashes, checked by the flow loader).
/// </summary>
internal static class CallTagsColumn
{
    /// <summary>The tags, in the order stored; empty for null or an empty string.</summary>
    public static IReadOnlyList<string> Read(string? joined) =>
        string.IsNullOrEmpty(joined) ? [] : joined.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
