using Helpline.Core.Voice;
using Stateless;

namespace Helpline.Core.Flows.Execution;

/// <summary>
/// A Stateless machine configured from one compiled flow, whose state lives outside it (in <see cref="State"/>, set
/// from the call's stored position before each use). Configuring a machine costs a few allocations per state, so
/// machines are pooled per flow version and reused across calls instead of being rebuilt on every webhook.
/// </summary>
/// <remarks>Not thread-safe: one webhook rents it, uses it and gives it back.</remarks>
internal sealed class FlowMachine
{
    private const string NewCall = "(new)";

    public FlowMachine(FlowDefinition flow)
    {
        Machine = new StateMachine<string, string>(() => State, s => State = s, FiringMode.Immediate);
        Machine.Configure(NewCall).Permit(FlowTriggers.Start, flow.Start.Name);
        foreach (var state in flow.States)
        {
            Configure(state);
        }

        Machine.OnTransitioned(t => Entered.Add(new FlowTransition(t.Source, t.Destination, t.Trigger, null)));
    }

    /// <summary>The pseudo-state a new call is in before <see cref="FlowTriggers.Start"/>.</summary>
    public static string Initial => NewCall;

    public StateMachine<string, string> Machine { get; }

    /// <summary>The current state (the external state Stateless reads and writes).</summary>
    public string State { get; set; } = NewCall;

    /// <summary>Menu replays so far; guards read it, entries update it.</summary>
    public int MenuReplays { get; set; }

    /// <summary>Transitions taken since the last <see cref="Reset"/>.</summary>
    public List<FlowTransition> Entered { get; } = [];

    public void Reset(CallPosition position)
    {
        State = position.State;
        MenuReplays = position.MenuReplays;
        Entered.Clear();
    }

    private void Configure(StateDefinition state)
    {
        var config = Machine.Configure(state.Name);
        // Replays stop counting at VoiceLimits.MaxMenuReplays, the most a step URL carries: a menu whose no-key path leads
        // back to itself replays for as long as the caller stays silent, and the server must keep serving it.
        config.OnEntry(t => MenuReplays = t.IsReentry && t.Trigger is FlowTriggers.Timeout or FlowTriggers.Invalid ? Math.Min(MenuReplays + 1, VoiceLimits.MaxMenuReplays) : 0, "count menu replays");
        if (state is MenuState menu)
        {
            foreach (var choice in menu.Choices)
            {
                PermitOrReenter(config, state.Name, FlowTriggers.Digits(choice.Keys), choice.Target.Name);
            }

            ConfigureRetry(config, menu, FlowTriggers.Timeout, menu.OnTimeout);
            ConfigureRetry(config, menu, FlowTriggers.Invalid, menu.OnInvalid);
            return;
        }

        if (state is HoursState hours)
        {
            // Stateless's graphs print a guard's description on its edge, and nothing for a plain transition: this guard
            // always passes (the flow's calendar decides which trigger fires) and is here to name that calendar on the
            // graph, so an operator sees which hours each branch follows.
            var calendar = hours.Calendar is { } named ? $"calendar '{named.Name}'" : "flow calendar or override";
            foreach (var (trigger, target) in state.Transitions)
            {
                if (target.Name == state.Name)
                {
                    config.PermitReentryIf(trigger, () => true, calendar);
                }
                else
                {
                    config.PermitIf(trigger, target.Name, () => true, calendar);
                }
            }

            return;
        }

        foreach (var (trigger, target) in state.Transitions)
        {
            PermitOrReenter(config, state.Name, trigger, target.Name);
        }
    }

    private void ConfigureRetry(StateMachine<string, string>.StateConfiguration config, MenuState menu, string trigger, StateReference? giveUp)
    {
        var retries = menu.Retries;
        if (giveUp is null || giveUp.Name == menu.Name)
        {
            // No way out on this trigger (the validator reports it): replay forever rather than leave the caller in silence.
            config.PermitReentry(trigger);
            return;
        }

        config.PermitReentryIf(trigger, () => MenuReplays < retries, $"replay ({trigger}, {retries} max)");
        config.PermitIf(trigger, giveUp.Name, () => MenuReplays >= retries, $"after {retries} replays");
    }

    private static void PermitOrReenter(StateMachine<string, string>.StateConfiguration config, string self, string trigger, string target)
    {
        if (target == self)
        {
            config.PermitReentry(trigger);
        }
        else
        {
            config.Permit(trigger, target);
        }
    }
}
