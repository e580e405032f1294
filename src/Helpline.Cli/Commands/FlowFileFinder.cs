namespace Helpline.Cli.Commands;

/// <summary>Turns the paths an operator gives (files or folders) into flow files, reporting paths that do not exist.</summary>
public static class FlowFileFinder
{
    /// <summary>The files: each file as given, and every <c>*.yaml</c>/<c>*.yml</c> directly in each folder, in name order.</summary>
    public static List<string> Expand(IEnumerable<string> paths, TextWriter error, out int missing)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(error);
        missing = 0;
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.yaml").Concat(Directory.EnumerateFiles(path, "*.yml")).Order(StringComparer.Ordinal));
            }
            else
            {
                error.WriteLine($"{path}:1:1: error HL100: no such file or folder");
                missing++;
            }
        }

        return files;
    }
}
