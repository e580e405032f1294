using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Helpline.Data.Tests;

/// <summary>
/// docs/data-inventory.md (for the département's data-protection impact assessment) lists every table and column the
/// migrations create, and nothing else: a migration that adds a column without saying here what it holds, why and for
/// how long fails this test, and so does a line left for a column that is gone.
/// </summary>
public sealed partial class DataInventoryTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Every_table_and_column_of_the_migrated_schema_is_in_the_inventory_and_nothing_else()
    {
        var schema = await SchemaAsync();
        var inventory = Inventory();

        var missing = schema.Except(inventory).Order().ToList();
        var gone = inventory.Except(schema).Order().ToList();

        Assert.True(missing.Count == 0, "Not in docs/data-inventory.md (add a line: what it holds, personal?, why; and the table's retention): " + string.Join(", ", missing));
        Assert.True(gone.Count == 0, "In docs/data-inventory.md but not in the schema: " + string.Join(", ", gone));
    }

    [Fact]
    public void Every_table_of_the_inventory_says_how_long_it_is_kept()
    {
        var text = File.ReadAllText(InventoryPath());
        foreach (Match table in TableHeading().Matches(text))
        {
            var end = text.IndexOf("| column |", table.Index, StringComparison.Ordinal);
            var introduction = text[table.Index..end];
            Assert.True(KeptWords().IsMatch(introduction), $"{table.Groups[1].Value}: the paragraph under the heading must say how long rows are kept");
        }
    }

    private async Task<HashSet<string>> SchemaAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        var columns = await connection.QueryAsync<string>(
            "select table_name || '.' || column_name from information_schema.columns c " +
            "join information_schema.tables t using (table_schema, table_name) " +
            "where c.table_schema = 'public' and t.table_type = 'BASE TABLE'");
        return columns.ToHashSet(StringComparer.Ordinal);
    }

    private static HashSet<string> Inventory()
    {
        var entries = new HashSet<string>(StringComparer.Ordinal);
        string? table = null;
        foreach (var line in File.ReadLines(InventoryPath()))
        {
            if (TableHeading().Match(line) is { Success: true } heading)
            {
                table = heading.Groups[1].Value;
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                table = null;
            }
            else if (table is not null && ColumnRow().Match(line) is { Success: true } row)
            {
                Assert.True(entries.Add(table + "." + row.Groups[1].Value), $"{table}.{row.Groups[1].Value} is listed twice");
            }
        }

        return entries;
    }

    private static string InventoryPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Helpline.sln")))
            {
                return Path.Combine(folder.FullName, "docs", "data-inventory.md");
            }
        }

        throw new InvalidOperationException("Helpline.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^### `([a-z_0-9]+)`", RegexOptions.Multiline)]
    private static partial Regex TableHeading();

    [GeneratedRegex(@"^\| `([a-z_0-9]+)` \|")]
    private static partial Regex ColumnRow();

    [GeneratedRegex(@"\b(Kept|kept|deleted|Deleted|Replaced|Rotated|Not deleted)\b")]
    private static partial Regex KeptWords();
}
