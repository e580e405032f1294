using Helpline.Core.Voice;

namespace Helpline.Core.Flows.Execution;

public sealed partial class CompiledFlow
{
    /// <summary>Starts a new call: enters the start state and runs on until the flow waits for the caller or the provider.</summary>
    public FlowStep Start(FlowContext context) => Fire(new CallPosition(FlowMachine.Initial, 0), FlowTriggers.Start, context);

    /// <summary>
    /// Applies a trigger (keys, timeout, dial or queue outcome…) to a call at <paramref name="position"/> and runs on
    /// until the flow waits again. A trigger that does not apply to the current state is ignored and the current
    /// state's instructions are repeated, so the caller is never left in silence.
    /// </summary>
    public FlowStep Fire(CallPosition position, string trigger, FlowContext context)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(context);
        var machine = Rent();
        try
        {
            machine.Reset(position);
            var known = position.State == FlowMachine.Initial || Definition.FindState(position.State) is not null;
            if (!known || !machine.Machine.CanFire(trigger))
            {
                return Repeat(position, known);
            }

            var instructions = new List<VoiceInstruction>();
            var sources = new List<string>();
            string? outcome = OutcomeOfLeaving(position.State, trigger);
            var tags = TagsOf(position.State, trigger);
            machine.Machine.Fire(trigger);
            var transitions = new List<FlowTransition>();
            // Messages and hours checks chain within one answer. Without a loop (the validator refuses them) a chain
            // cannot be longer than the flow has states; the validator also bounds what the chain says (HL306).
            var maxChained = Definition.States.Count + 1;
            for (var chained = 0; ; chained++)
            {
                transitions.AddRange(machine.Entered);
                var entered = machine.Entered.Count > 0 ? machine.Entered[^1] : null;
                machine.Entered.Clear();
                var state = Definition.FindState(machine.State)!;
                if (chained >= maxChained)
                {
                    throw new InvalidOperationException($"flow '{Name}' chains more than {maxChained} states without waiting (at '{state.Name}'): a loop");
                }

                switch (state)
                {
                    case MessageState message:
                        instructions.Add(Prompt(message.Prompt));
                        sources.Add(message.Name);
                        machine.Machine.Fire(FlowTriggers.Continue);
                        continue;
                    case HoursState hours:
                        var status = Definition.Decide(hours, context.Now, context.HoursOverride);
                        var decision = status.IsOpen ? FlowTriggers.Open : FlowTriggers.Closed;
                        machine.Machine.Fire(decision);
                        machine.Entered[^1] = machine.Entered[^1] with { Detail = DecisionDetail(hours, status) };
                        continue;
                }

                var waiting = Waiting(state, entered, machine.MenuReplays);
                instructions.AddRange(waiting);
                sources.AddRange(Enumerable.Repeat(state.Name, waiting.Count));
                outcome = OutcomeOfEntering(state) ?? outcome;
                return new FlowStep(new CallPosition(state.Name, machine.MenuReplays), instructions, transitions, outcome, Sources: sources, Joined: JoinedBy(state, entered))
                {
                    Tags = tags,
                };
            }
        }
        finally
        {
            _pool.Add(machine);
        }
    }

    /// <summary>
    /// Why an hours state decided as it did, recorded with the transition (events, simulate's transcript): the reason,
    /// the holiday's or closure's name, and the named calendar when the state does not read the flow's own.
    /// </summary>
    private static string DecisionDetail(HoursState state, Calendar.OpeningStatus status)
    {
        var why = status.Detail is null ? status.Reason.ToString() : $"{status.Reason}: {status.Detail}";
        return state.Calendar is { } named ? $"{why}, calendar '{named.Name}'" : why;
    }

    /// <summary>The instructions of the state a call is in, as first given (used to answer a repeated or out-of-place webhook).</summary>
    public IReadOnlyList<VoiceInstruction> Current(CallPosition position)
    {
        var state = Definition.FindState(position.State);
        return state is null ? EmergencyFallback() : Waiting(state, null, position.MenuReplays);
    }

    private FlowStep Repeat(CallPosition position, bool known) =>
        new(position, known && position.State != FlowMachine.Initial ? Current(position) : EmergencyFallback(), [], null, Ignored: true);

    /// <summary>What the caller hears and does while the flow waits in <paramref name="state"/>.</summary>
    private IReadOnlyList<VoiceInstruction> Waiting(StateDefinition state, FlowTransition? entered, int menuReplays)
    {
        switch (state)
        {
            case MenuState menu:
                var prompt = new List<VoiceInstruction>();
                if (entered is { } t && t.From == t.To && menuReplays > 0)
                {
                    var notice = t.Trigger == FlowTriggers.Invalid ? menu.InvalidPrompt : menu.NoInputPrompt;
                    if (notice is not null)
                    {
                        prompt.Add(Prompt(notice));
                    }
                }

                prompt.Add(Prompt(menu.Prompt));
                return [new GatherInstruction(prompt, menu.TimeoutSeconds, menu.FixedDigitCount)];
            case TransferState transfer:
                var destination = Definition.Destinations[transfer.Destination.Name];
                return [Prompt(transfer.Announce), new DialInstruction(destination.Number, destination.Name, transfer.RingSeconds)];
            case QueueState queue:
                return [new EnqueueInstruction(queue.QueueName, queue.MaxWaitSeconds, Prompt(queue.Hold))];
            case HangupState hangup:
                return hangup.Prompt is null ? [HangupInstruction.Instance] : [Prompt(hangup.Prompt), HangupInstruction.Instance];
            default:
                return EmergencyFallback();
        }
    }

    /// <summary>
    /// The outcome decided by leaving a transfer or the queue. Entering decides the rest (<see cref="OutcomeOfEntering"/>).
    /// </summary>
    private string? OutcomeOfLeaving(string state, string trigger) => Definition.FindState(state) switch
    {
        TransferState t when trigger == FlowTriggers.Answered => CallOutcomes.TransferredPrefix + t.Destination.Name,
        TransferState t => $"transfer-{trigger}:{t.Destination.Name}",
        QueueState when trigger == FlowTriggers.Answered => CallOutcomes.Answered,
        QueueState when trigger == FlowTriggers.Overflow => CallOutcomes.Overflowed,
        _ => null,
    };

    /// <summary>
    /// The queue a step entering <paramref name="state"/> through <paramref name="entered"/> joins, with the menu choice
    /// that led there (a <c>digits:</c> trigger's keys); null when the state is not a queue or was not entered.
    /// </summary>
    private static QueueJoined? JoinedBy(StateDefinition state, FlowTransition? entered) =>
        state is QueueState queue && entered is { } into && into.From != into.To
            ? new QueueJoined(queue.QueueName, into.Trigger.StartsWith(FlowTriggers.DigitsPrefix, StringComparison.Ordinal) ? into.Trigger[FlowTriggers.DigitsPrefix.Length..] : null)
            : null;

    /// <summary>The tags the menu choice fired by <paramref name="trigger"/> in <paramref name="state"/> puts on the call (none for any other trigger).</summary>
    private IReadOnlyList<string> TagsOf(string state, string trigger) =>
        Definition.FindState(state) is MenuState menu && trigger.StartsWith(FlowTriggers.DigitsPrefix, StringComparison.Ordinal)
            ? menu.Choices.FirstOrDefault(c => FlowTriggers.Digits(c.Keys) == trigger)?.Tags ?? []
            : [];

    private static string? OutcomeOfEntering(StateDefinition state) => state switch
    {
        QueueState => CallOutcomes.Queued,
        TransferState t => $"transferring:{t.Destination.Name}",
        _ => null,
    };

    /// <summary>
    /// Used when the flow cannot say anything better (a call whose state no longer exists): the flow's emergency
    /// message, a transfer to its fallback line, and the message again in case the transfer fails.
    /// </summary>
    public IReadOnlyList<VoiceInstruction> EmergencyFallback()
    {
        var emergency = Definition.Emergency;
        var destination = Definition.Destinations[emergency.Destination.Name];
        var message = Prompt(emergency.Prompt);
        return [message, new DialInstruction(destination.Number, destination.Name, 30), message, HangupInstruction.Instance];
    }
}
