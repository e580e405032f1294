using System.Globalization;

namespace Helpline.DeploymentDriver;

/// <summary>
/// What held and what did not: one line per check, appended to the results file ops/try-deployment prints as a table
/// (<c>PASS|FAIL</c>, tab, what was checked, tab, what was seen).
/// </summary>
internal sealed class Verdicts(string path)
{
    public int Failed { get; private set; }

    public void Pass(string check, string seen) => Write("PASS", check, seen);

    public void Fail(string check, string seen)
    {
        Failed++;
        Write("FAIL", check, seen);
    }

    public void Check(bool held, string check, string seen)
    {
        if (held)
        {
            Pass(check, seen);
        }
        else
        {
            Fail(check, seen);
        }
    }

    /// <summary>Runs a scenario; an exception is that scenario's failure, named, and the next scenario still runs.</summary>
    public async Task RunAsync(string scenario, Func<Task> body)
    {
        Console.WriteLine($"-- {scenario}");
        try
        {
            await body();
        }
        catch (Exception error)
        {
            Fail(scenario, "stopped: " + error.Message.ReplaceLineEndings(" "));
            Console.Error.WriteLine(error);
        }
    }

    private void Write(string verdict, string check, string seen)
    {
        var line = string.Join('\t', verdict, Clean(check), Clean(seen));
        Console.WriteLine(line);
        File.AppendAllText(path, line + "\n");
    }

    private static string Clean(string text) => text.Replace('\t', ' ').ReplaceLineEndings(" ");

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
