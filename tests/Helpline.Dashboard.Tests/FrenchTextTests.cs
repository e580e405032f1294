using System.Text;
using System.Text.RegularExpressions;
using Helpline.Server.Testing;

namespace Helpline.Dashboard.Tests;

/// <summary>
/// Every word a person reads on the dashboard lives in <c>FrenchText</c>: the Razor components write no text of their
/// own (text and readable attributes come from <c>@</c> expressions), and the C# around them holds no French literal.
/// The checks read the sources, so a failure names the file and line to move into <c>FrenchText</c>.
/// </summary>
public sealed partial class FrenchTextTests
{
    private static readonly string Dashboard = Path.Combine(HelplineApp.RepoRoot, "src", "Helpline.Server", "Dashboard");

    /// <summary>Attributes a person reads (or hears from a screen reader).</summary>
    private static readonly HashSet<string> ReadableAttributes = ["aria-label", "aria-description", "aria-roledescription", "aria-valuetext", "title", "alt", "placeholder", "label"];

    [Fact]
    public void Components_write_no_text_of_their_own()
    {
        var files = Directory.EnumerateFiles(Dashboard, "*.razor", SearchOption.AllDirectories).ToList();

        var found = files.SelectMany(file => InlineText(File.ReadAllText(file)).Select(f => $"{Path.GetRelativePath(Dashboard, file)}:{f.Line}: {f.Text}")).ToList();

        Assert.NotEmpty(files);
        Assert.True(found.Count == 0, "text written in markup instead of FrenchText:\n" + string.Join("\n", found));
    }

    [Fact]
    public void Dashboard_code_holds_no_french_literal_outside_FrenchText()
    {
        var files = Directory.EnumerateFiles(Dashboard, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("FrenchText", StringComparison.Ordinal))
            .ToList();

        var found = files.SelectMany(file => FrenchLiterals(File.ReadAllText(file)).Select(f => $"{Path.GetRelativePath(Dashboard, file)}:{f.Line}: {f.Text}")).ToList();

        Assert.True(found.Count == 0, "French written in code instead of FrenchText:\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("<p>Bonjour</p>", 1)]
    [InlineData("<p>@FrenchText.Hello <strong>@count</strong> : @(a ? b : c).</p>", 0)]
    [InlineData("<div role=\"group\" aria-label=\"Changer mon état\"></div>", 1)]
    [InlineData("<div role=\"group\" aria-label=\"@FrenchText.ChangeMyState\" class=\"status-@choice\"></div>", 0)]
    [InlineData("@if (x < y)\n{\n    <p>@Call?.Menu</p>\n}\nelse\n{\n    <p>Aucun appel</p>\n}", 1)]
    [InlineData("@for (var s = 0; s < Series.Count; s++)\n{\n    var x = 8 + (s % 3 * 210);\n    <g><text x=\"@x\">@Series[s]</text></g>\n}", 0)]
    [InlineData("@* Un commentaire. *@\n<p>@Rejected.Hash[..Math.Min(12, Rejected.Hash.Length)]</p>\n@code {\n    private string Label => \"Libellé\";\n}", 0)]
    public void Markup_check_finds_written_text_and_ignores_expressions_code_and_comments(string razor, int expected)
    {
        Assert.Equal(expected, InlineText(razor).Count);
    }

    /// <summary>Text in markup, and readable attributes, that are not <c>@</c> expressions.</summary>
    private static List<(int Line, string Text)> InlineText(string razor)
    {
        var source = Blank(razor, RazorComment());
        var code = source.IndexOf("@code", StringComparison.Ordinal);
        if (code >= 0)
        {
            source = source[..code] + new string('\n', source[code..].Count(c => c == '\n'));
        }

        source = Blank(source, Directive());
        var found = new List<(int Line, string Text)>();
        var text = new StringBuilder();
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '<' && i + 1 < source.Length && (char.IsLetter(source[i + 1]) || source[i + 1] is '/' or '!'))
            {
                var end = i + 1;
                for (var quoted = false; end < source.Length && (quoted || source[end] != '>'); end++)
                {
                    quoted ^= source[end] == '"';
                }

                foreach (Match attribute in Attribute().Matches(source[i..end]))
                {
                    if (ReadableAttributes.Contains(attribute.Groups[1].Value) && HasLetters(attribute.Groups[2].Value))
                    {
                        found.Add((LineOf(source, i), attribute.Value));
                    }
                }

                text.Append(' ', end - i).Append(source[i..end].Where(c => c == '\n').ToArray());
                i = end;
                continue;
            }

            text.Append(source[i]);
        }

        var lines = text.ToString().Split('\n');
        for (var line = 0; line < lines.Length; line++)
        {
            var written = Code().Replace(WithoutExpressions(lines[line]), string.Empty);
            if (HasLetters(written))
            {
                found.Add((line + 1, lines[line].Trim()));
            }
        }

        return found;
    }

    /// <summary>String literals holding a letter outside ASCII (the accents of French) in C# code, comments left out.</summary>
    private static List<(int Line, string Text)> FrenchLiterals(string csharp)
    {
        var found = new List<(int Line, string Text)>();
        var lines = csharp.Split('\n');
        for (var line = 0; line < lines.Length; line++)
        {
            var code = lines[line].TrimStart();
            if (code.StartsWith("//", StringComparison.Ordinal) || code.StartsWith('*'))
            {
                continue;
            }

            foreach (Match literal in StringLiteral().Matches(code))
            {
                if (literal.Value.Any(c => c > 127 && char.IsLetter(c)))
                {
                    found.Add((line + 1, literal.Value));
                }
            }
        }

        return found;
    }

    private static string WithoutExpressions(string line)
    {
        var result = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '@' && i + 1 < line.Length && line[i + 1] == '(')
            {
                var depth = 0;
                var end = i + 1;
                for (; end < line.Length; end++)
                {
                    depth += line[end] switch { '(' => 1, ')' => -1, _ => 0 };
                    if (depth == 0)
                    {
                        break;
                    }
                }

                i = end;
                continue;
            }

            result.Append(line[i]);
        }

        return ImplicitExpression().Replace(result.ToString(), string.Empty);
    }

    private static string Blank(string source, Regex pattern) =>
        pattern.Replace(source, m => new string('\n', m.Value.Count(c => c == '\n')));

    private static bool HasLetters(string text) => WithoutExpressions(text).Any(char.IsLetter);

    private static int LineOf(string source, int index) => source.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"^\s*@(using|namespace|inherits|attribute|inject|implements|layout|page|typeparam|rendermode|preservewhitespace)\b.*$", RegexOptions.Multiline)]
    private static partial Regex Directive();

    [GeneratedRegex("([A-Za-z][\\w:-]*)\\s*=\\s*\"([^\"]*)\"")]
    private static partial Regex Attribute();

    // @name, @a.b?.c, @f(x), @list[i] and their chains; also @if (…), @foreach (…), whose conditions are C#.
    [GeneratedRegex(@"@[A-Za-z_]\w*(?:\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)|\[[^\]]*\]|\??\.[A-Za-z_]\w*)*")]
    private static partial Regex ImplicitExpression();

    // What is left of the C# that steers the markup: braces, else, and statements such as "var x = …;".
    [GeneratedRegex(@"^\s*(?:\}?\s*else\s*\{?|[{}]|var\s[^;]*;|[\w.]+\s*[-+*/]?=[^;]*;)\s*$")]
    private static partial Regex Code();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();
}
