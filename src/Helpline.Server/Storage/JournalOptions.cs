using System.ComponentModel.DataAnnotations;

namespace Helpline.Server.Storage;

/// <summary>
/// The on-disk journal of call events that could not be written while PostgreSQL was down (<c>Helpline:Journal:*</c>).
/// One folder per instance.
/// </summary>
internal sealed class JournalOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Helpline:Journal";

    /// <summary>Folder of the journal; relative paths are relative to the content root (git-ignored <c>.local/journal</c> by default).</summary>
    [Required(ErrorMessage = "{0} is required: a folder this instance alone writes, e.g. .local/journal")]
    public string Folder { get; set; } = ".local/journal";

    /// <summary>Most entries kept waiting; when full, the oldest are kept and newer ones are counted as dropped.</summary>
    [Range(1, 1_000_000, ErrorMessage = "{0} must be between {1} and {2}")]
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Seconds between attempts to write the journal to the database.</summary>
    [Range(1, 300, ErrorMessage = "{0} must be between {1} and {2} seconds")]
    public int ReplayEverySeconds { get; set; } = 5;
}
