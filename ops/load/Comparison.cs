namespace Helpline.Load;

/// <summary>One line of a comparison: its name, where its requests go and what each worker does there.</summary>
internal sealed record Measured(string Name, Target Target, Scenario Scenario);

/// <summary>
/// Measures every line at each connection count with <see cref="Runner"/>. Lines are interleaved (all lines at 4
/// connections, then all at 32…) rather than one after the other, so a change in the machine's load during the run
/// touches every line alike: ratios between lines of one run are what the figures are for.
/// </summary>
internal static class Comparison
{
    public static async Task<Dictionary<(string Name, int Connections), Result>> RunAsync(
        IReadOnlyList<Measured> lines, IReadOnlyList<int> connectionCounts, TimeSpan duration, Action<Measured, int, Result> onResult)
    {
        var results = new Dictionary<(string, int), Result>();
        foreach (var connections in connectionCounts)
        {
            foreach (var line in lines)
            {
                var result = await Runner.RunAsync(line.Target, line.Scenario, connections, TimeSpan.FromSeconds(2), duration);
                results[(line.Name, connections)] = result;
                onResult(line, connections, result);
            }
        }

        return results;
    }
}
