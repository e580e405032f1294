using Helpline.Core.Flows.Diagnostics;

namespace Helpline.Core.Flows.Validation;

public static partial class FlowGraphValidator
{
    /// <summary>
    /// Several prompts may play one recording (the same sentence said in two places), but only with the same words: the
    /// recording says one text, <c>ops/make-prompts</c> records the first, and a caller would hear words that differ from
    /// the flow's. Warns at each later prompt whose words differ from the first's (spaces and line breaks aside).
    /// </summary>
    private static void CheckSharedRecordings(FlowDefinition flow, Reporter report)
    {
        var first = new Dictionary<string, (StateDefinition? State, PromptDefinition Prompt)>(StringComparer.Ordinal);
        foreach (var (state, prompt) in Prompts(flow))
        {
            if (prompt.AudioPath is not { } path)
            {
                continue;
            }

            if (!first.TryGetValue(path, out var earlier))
            {
                first[path] = (state, prompt);
                continue;
            }

            if (Words(earlier.Prompt.Text) != Words(prompt.Text))
            {
                report(prompt.Position, DiagnosticSeverity.Warning, DiagnosticCodes.RecordingWithOtherWords,
                    $"{Who(flow, state, prompt)}: recording '{path}' is also played by {Who(flow, earlier.State, earlier.Prompt)} with other words; one recording cannot say both",
                    "write the same words in both, or give this text its own recording");
            }
        }
    }

    /// <summary>Where a prompt of <see cref="Prompts"/> is written, for a diagnostic: a state, or a top-level block.</summary>
    private static string Who(FlowDefinition flow, StateDefinition? state, PromptDefinition prompt) => state is not null
        ? $"state '{state.Name}'"
        : ReferenceEquals(prompt, flow.Blocked?.Prompt) ? "'blocked'"
        : ReferenceEquals(prompt, flow.Challenge?.Retry) || ReferenceEquals(prompt, flow.Challenge?.Failed) ? "'challenge'"
        : "'emergency'";

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
