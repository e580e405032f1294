using Helpline.Core.Calendar;
using Helpline.Core.Callbacks;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Voice;

namespace Helpline.Core.Flows.Simulation;

/// <summary>
/// Plays a call through a compiled flow without a phone: the same machine and triggers as real calls, with the caller's
/// inputs (keys, <c>timeout</c>, <c>hangup</c>) and the outcomes of transfers and queues given in order. Used by
/// <c>helpline simulate</c> and <c>helpline test</c>, so what operators try is exactly what callers get.
/// </summary>
public static class CallSimulator
{
    /// <summary>Transfer and queue outcomes that an input may give.</summary>
    public static IReadOnlySet<string> Outcomes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        FlowTriggers.Answered, FlowTriggers.Busy, FlowTriggers.NoAnswer, FlowTriggers.Failed, FlowTriggers.Overflow,
    };

    /// <summary>Safety stop: a simulation longer than this is a loop in the flow.</summary>
    public const int MaxSteps = 200;

    /// <summary>
    /// Runs a call. <paramref name="next"/> is given the transcript so far and asked for the caller's next input
    /// whenever the flow waits for one (null: no more input, the simulation stops there); <paramref name="dialDefault"/> and <paramref name="queueDefault"/>
    /// decide transfers and queues when the next input is not an outcome; <paramref name="hoursOverride"/> is the
    /// operator's override in force, if any (it applies to the flow's own calendar only).
    /// </summary>
    public static SimulationResult Run(CompiledFlow flow, DateTimeOffset at, Func<IReadOnlyList<SimulationStep>, string?> next, string dialDefault = "answered", string queueDefault = "answered", HoursOverride? hoursOverride = null)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(next);
        var steps = new List<SimulationStep>();
        var states = new List<string>();
        var transfers = new List<string>();
        var queues = new List<string>();
        IReadOnlyList<string> tags = [];
        var context = new FlowContext(at, hoursOverride);
        var step = flow.Start(context);
        string? outcome = null;
        string? pending = null;
        for (var count = 0; count < MaxSteps; count++)
        {
            outcome = step.Outcome ?? outcome;
            Record(step, steps, states, transfers, queues);
            if (step.Tags.Count > 0)
            {
                tags = CallTags.Union(tags, step.Tags);
                steps.Add(new SimulationStep(step.Position.State, "tags", string.Join(", ", step.Tags)));
            }
            if (step.Ends)
            {
                steps.Add(new SimulationStep(step.Position.State, "end", $"the flow hangs up (outcome: {outcome ?? "none"})"));
                return new SimulationResult(steps, states, step.Position.State, outcome, true, transfers, queues) { Tags = tags };
            }

            var waiting = step.Instructions[^1];
            string trigger;
            pending ??= next(steps);
            if (pending == "hangup")
            {
                steps.Add(new SimulationStep(step.Position.State, "hangs-up", "the caller hangs up"));
                outcome = outcome switch { null => CallOutcomes.Abandoned, CallOutcomes.Queued => CallOutcomes.AbandonedInQueue, _ => outcome }; // as the status callback stores it
                return new SimulationResult(steps, states, step.Position.State, outcome, false, transfers, queues) { Tags = tags };
            }

            switch (waiting)
            {
                case GatherInstruction:
                    if (pending is null)
                    {
                        return Stopped(step, steps, states, outcome, transfers, queues) with { Tags = tags };
                    }

                    trigger = pending == "timeout" ? FlowTriggers.Timeout : flow.TriggerForDigits(step.Position, pending);
                    steps.Add(new SimulationStep(step.Position.State, pending == "timeout" ? "no-key" : "presses", pending == "timeout" ? "(nothing)" : pending));
                    pending = null;
                    break;
                case DialInstruction:
                    trigger = pending is not null && Outcomes.Contains(pending) && pending != FlowTriggers.Overflow ? Take(ref pending) : dialDefault;
                    steps.Add(new SimulationStep(step.Position.State, "transfer-result", trigger));
                    break;
                case EnqueueInstruction:
                    if (pending is { } asked && asked.StartsWith(CallbackInput, StringComparison.Ordinal)
                        && flow.Definition.FindState(step.Position.State) is QueueState { Callback: { } callback })
                    {
                        pending = null;
                        if (PlayCallback(flow, callback, step.Position.State, asked, at, steps) is { } choice)
                        {
                            steps.Add(new SimulationStep(step.Position.State, "callback",
                                $"recorded: {choice.Window.Name} {choice.Window.From:yyyy-MM-dd HH:mm}–{choice.Window.To:HH:mm}, message {(choice.MessageAllowed ? "allowed" : "refused")}"));
                            steps.Add(new SimulationStep(step.Position.State, "hears", CallbackConversation.Confirmed(flow, callback, 1).Text));
                            steps.Add(new SimulationStep(step.Position.State, "end", "the call-back is recorded; the caller hangs up"));
                            return new SimulationResult(steps, states, step.Position.State, CallOutcomes.CallbackRequested, true, transfers, queues) { Tags = tags };
                        }

                        // Back to waiting, at her place: the queue's outcome comes next.
                        pending = next(steps);
                        if (pending == "hangup")
                        {
                            steps.Add(new SimulationStep(step.Position.State, "hangs-up", "the caller hangs up"));
                            return new SimulationResult(steps, states, step.Position.State, CallOutcomes.AbandonedInQueue, false, transfers, queues) { Tags = tags };
                        }
                    }

                    trigger = pending is FlowTriggers.Answered or FlowTriggers.Overflow ? Take(ref pending) : queueDefault;
                    steps.Add(new SimulationStep(step.Position.State, "queue-result", trigger));
                    break;
                default:
                    return Stopped(step, steps, states, outcome, transfers, queues) with { Tags = tags };
            }

            step = flow.Fire(step.Position, trigger, context);
        }

        throw new InvalidOperationException($"the call did not end after {MaxSteps} steps: the flow loops");
    }

    /// <summary>
    /// The input that plays the call-back offer of the hold loop: <c>callback</c> then the keys she presses, the offer's
    /// first (<c>timeout</c> for none; a typed number ends with <c>#</c>), e.g. <c>callback 1 1 3 2 1</c>.
    /// </summary>
    public const string CallbackInput = "callback";

    /// <summary>The number a simulated caller calls from (read back in pairs); <c>callback-withheld</c> plays a withheld number.</summary>
    public const string SimulatedCaller = "+33612345678";

    /// <summary>
    /// Plays the hold loop's call-back offer and its questions with <see cref="CallbackConversation"/> (exactly as the
    /// server does): her confirmed choice, or null when she goes back to waiting (or the keys run out).
    /// </summary>
    private static CallbackChoice? PlayCallback(CompiledFlow flow, CallbackDefinition callback, string state, string input, DateTimeOffset at, List<SimulationStep> steps)
    {
        var withheld = input.StartsWith(CallbackInput + "-withheld", StringComparison.Ordinal);
        var from = withheld ? null : SimulatedCaller;
        var keys = input[(withheld ? CallbackInput.Length + "-withheld".Length : CallbackInput.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        steps.Add(new SimulationStep(state, "hears", Heard(flow.Speak(callback.Offer))));
        CallbackDialogueState? dialogue = null;
        foreach (var key in keys)
        {
            var pressed = key == "timeout" ? string.Empty : key;
            steps.Add(new SimulationStep(state, pressed.Length == 0 ? "no-key" : "presses", pressed.Length == 0 ? "(nothing)" : pressed));
            var reply = dialogue is null
                ? CallbackConversation.Offer(flow, callback, pressed, from)
                : CallbackConversation.Answer(flow, callback, dialogue, pressed, from, at, askCallerId: false);
            foreach (var said in reply.Said)
            {
                steps.Add(new SimulationStep(state, "hears", Heard(said)));
            }

            switch (reply.Kind)
            {
                case CallbackTurnKind.Confirm:
                    return reply.Choice;
                case CallbackTurnKind.BackToQueue:
                    return null;
                default:
                    dialogue = reply.State;
                    break;
            }
        }

        steps.Add(new SimulationStep(state, "callback", "no more keys: back to waiting"));
        return null;
    }

    private static string Heard(VoiceInstruction said) => said switch
    {
        PlayInstruction play => $"{play.Text} [prompts/{play.PromptFile}]",
        SayInstruction say => say.Text,
        _ => said.ToString() ?? string.Empty,
    };

    private static string Take(ref string? pending)
    {
        var value = pending!;
        pending = null;
        return value;
    }

    private static SimulationResult Stopped(FlowStep step, List<SimulationStep> steps, List<string> states, string? outcome, List<string> transfers, List<string> queues)
    {
        steps.Add(new SimulationStep(step.Position.State, "end", "no more input: the call stops here"));
        return new SimulationResult(steps, states, step.Position.State, outcome, false, transfers, queues);
    }

    private static void Record(FlowStep step, List<SimulationStep> steps, List<string> states, List<string> transfers, List<string> queues)
    {
        foreach (var transition in step.Transitions)
        {
            states.Add(transition.To);
            if (transition.Trigger is FlowTriggers.Open or FlowTriggers.Closed)
            {
                steps.Add(new SimulationStep(transition.From, "decision", $"{transition.Trigger} ({transition.Detail})"));
            }
        }

        for (var i = 0; i < step.Instructions.Count; i++)
        {
            var instruction = step.Instructions[i];
            var state = step.SourceOf(i);
            switch (instruction)
            {
                case SayInstruction say:
                    steps.Add(new SimulationStep(state, "hears", say.Text));
                    break;
                case PlayInstruction play:
                    steps.Add(new SimulationStep(state, "hears", $"{play.Text} [prompts/{play.PromptFile}]"));
                    break;
                case GatherInstruction gather:
                    foreach (var prompt in gather.Prompt)
                    {
                        steps.Add(new SimulationStep(state, "hears", prompt is PlayInstruction p ? $"{p.Text} [prompts/{p.PromptFile}]" : ((SayInstruction)prompt).Text));
                    }

                    break;
                case DialInstruction dial:
                    transfers.Add(dial.Destination);
                    steps.Add(new SimulationStep(state, "transfer", $"{dial.Destination} ({dial.Number}), ringing up to {dial.RingSeconds} s"));
                    break;
                case EnqueueInstruction enqueue:
                    queues.Add(enqueue.QueueName);
                    steps.Add(new SimulationStep(state, "queue", $"joins '{enqueue.QueueName}' (at most {enqueue.MaxWaitSeconds} s)"));
                    break;
            }
        }

    }
}
