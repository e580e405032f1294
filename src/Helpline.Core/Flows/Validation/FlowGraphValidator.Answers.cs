using System.Globalization;
using Helpline.Core.Flows.Diagnostics;
using Helpline.Core.Voice;

namespace Helpline.Core.Flows.Validation;

public static partial class FlowGraphValidator
{
    /// <summary>What one answer holds besides its verbs: the XML declaration and the <c>Response</c> element.</summary>
    private const int AnswerEnvelopeBytes = 64;

    /// <summary>
    /// A step URL at its longest for a given state, less the state's own encoded name: the longest public base URL,
    /// the longest route (<c>/voice/queue/wait?</c>), <c>f=</c> and the flow hash, <c>&amp;st=</c>, <c>&amp;s=</c> and
    /// the largest step, <c>&amp;a=</c> and the largest replay count, and the <c>&amp;amp;</c> escapes of the three
    /// separators in an XML attribute.
    /// </summary>
    private const int StepUrlBytesBesidesState = VoiceLimits.MaxPublicBaseUrlLength + 40 + 2 + 64 + 4 + 3 + 10 + 3 + 3 + (3 * 4);

    /// <summary>
    /// Messages and hours checks run on within one answer until the flow waits (a menu, a transfer, the queue or a
    /// hang-up), so the answer that enters them holds all their words: the provider refuses an answer over 64 kB and
    /// the caller would hear the provider's error instead. Reports each state a call can enter (the start, or after a
    /// wait) whose answer could exceed it, counted at its largest (every recording spoken, every character escaped).
    /// </summary>
    /// <remarks>Runs only when messages and hours checks make no loop (reported before), so the walk ends.</remarks>
    private static void CheckAnswerSizes(FlowDefinition flow, Reporter report)
    {
        var largest = LargestAnswers(flow);
        var entries = new HashSet<string>(StringComparer.Ordinal) { flow.Start.Name };
        foreach (var state in flow.States.Where(s => !IsAutomatic(s)))
        {
            entries.UnionWith(state.Transitions.Select(t => t.Target.Name));
            entries.Add(state.Name); // a menu replayed, a repeated webhook
        }

        foreach (var state in flow.States.Where(s => entries.Contains(s.Name)))
        {
            var (bytes, path) = largest[state.Name];
            if (bytes + AnswerEnvelopeBytes <= VoiceLimits.MaxAnswerBytes)
            {
                continue;
            }

            var chain = path.Count <= 6 ? string.Join(" → ", path) : $"{string.Join(" → ", path.Take(3))} → … → {string.Join(" → ", path.TakeLast(2))} ({path.Count} states)";
            report(state.Position, DiagnosticSeverity.Error, DiagnosticCodes.AnswerTooLarge,
                string.Create(CultureInfo.InvariantCulture,
                    $"a call entering state '{state.Name}' goes on without waiting through {chain}: that answer could take {bytes + AnswerEnvelopeBytes:N0} bytes, and the voice provider accepts at most {VoiceLimits.MaxAnswerBytes:N0}"),
                "shorten these messages, or put a menu between them (each wait starts a new answer)");
        }
    }

    /// <summary>
    /// For every state, the largest answer entering it can give and the states that answer goes through, walking the
    /// chains of messages and hours checks without recursion (a chain may be as long as the file allows).
    /// </summary>
    private static Dictionary<string, (long Bytes, List<string> Path)> LargestAnswers(FlowDefinition flow)
    {
        var result = new Dictionary<string, (long Bytes, List<string> Path)>(StringComparer.Ordinal);
        foreach (var root in flow.States)
        {
            var stack = new Stack<(StateDefinition State, bool Expanded)>();
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (state, expanded) = stack.Pop();
                if (result.ContainsKey(state.Name))
                {
                    continue;
                }

                var next = IsAutomatic(state) ? state.Transitions.Select(t => flow.FindState(t.Target.Name)!).ToList() : [];
                if (!expanded && next.Any(n => !result.ContainsKey(n.Name)))
                {
                    stack.Push((state, true));
                    foreach (var n in next.Where(n => !result.ContainsKey(n.Name)))
                    {
                        stack.Push((n, false));
                    }

                    continue;
                }

                var own = OwnBytes(flow, state);
                if (next.Count == 0)
                {
                    result[state.Name] = (own, [state.Name]);
                    continue;
                }

                var heaviest = next.Select(n => result[n.Name]).MaxBy(r => r.Bytes);
                result[state.Name] = (own + heaviest.Bytes, [state.Name, .. heaviest.Path]);
            }
        }

        return result;
    }

    /// <summary>The largest TwiML a state adds to an answer (see the server's renderer: what each state says and does).</summary>
    private static long OwnBytes(FlowDefinition flow, StateDefinition state)
    {
        long Prompt(PromptDefinition? prompt) => prompt is null ? 0 : PromptBytes(flow, prompt);
        var stepUrl = StepUrlBytesBesidesState + VoiceLimits.UrlEncodedLength(state.Name);
        return state switch
        {
            MessageState m => Prompt(m.Prompt),
            MenuState m => 200 + (2 * stepUrl) + Prompt(m.Prompt) + Math.Max(Prompt(m.NoInputPrompt), Prompt(m.InvalidPrompt)),
            TransferState t => Prompt(t.Announce) + 100 + stepUrl + (flow.Destinations.TryGetValue(t.Destination.Name, out var d) ? d.Number.Length : 20),
            QueueState q => 150 + (2 * stepUrl) + EscapedBytes(q.QueueName),
            HangupState h => Prompt(h.Prompt) + 12,
            _ => 0,
        };
    }

    /// <summary>A prompt at its largest: spoken (its text, escaped, with the voice and language) or played (its URL).</summary>
    private static long PromptBytes(FlowDefinition flow, PromptDefinition prompt)
    {
        var say = 40 + (flow.Voice?.Length ?? 0) + flow.Language.Length + EscapedBytes(prompt.Text);
        var play = prompt.RecordingFile is { } file ? 20 + VoiceLimits.MaxPublicBaseUrlLength + "/prompts/".Length + file.Split('/').Sum(s => VoiceLimits.UrlEncodedLength(s) + 1) : 0;
        return Math.Max(say, play);
    }

    /// <summary>Bytes of text in XML, counting every character that could be escaped as its longest escape.</summary>
    private static long EscapedBytes(string text) =>
        VoiceLimits.Utf8Length(text) + (5L * text.Count(c => c is '&' or '<' or '>' or '"' or '\'' or '\r' or '\n' or '\t'));
}
