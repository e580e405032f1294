namespace Helpline.Data.Migrations;

/// <summary>One embedded migration, <c>Migrations/NNNN_name.sql</c>.</summary>
/// <param name="Version">The number the file name starts with; scripts run in this order.</param>
/// <param name="Name">The file name, e.g. <c>0001_initial.sql</c> (what errors and logs name).</param>
/// <param name="Sql">The script's text.</param>
/// <param name="Checksum">SHA-256 of the text with line endings normalised, so a checkout with CRLF still matches.</param>
public sealed record MigrationScript(int Version, string Name, string Sql, string Checksum);
