namespace Helpline.Cli.Tests;

internal static class Repo
{
    public static string Root { get; } = Find();

    public static string DefaultFlow => Path.Combine(Root, "callflows", "un-premier-pas.yaml");

    public static (int Code, string Output, string Error) Run(Func<TextWriter, TextWriter, int> command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = command(output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static string TempFile(string name, string content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("helpline-cli-").FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Helpline.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Helpline.sln not found");
    }
}
