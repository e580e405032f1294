namespace Helpline.Server.Tests.Parity;

/// <summary>The generator's states and how they are wired: forward only (so every call can end), loops only back to a menu.</summary>
internal sealed partial class FlowGenerator
{
    private List<StateSpec> BuildGraph(int count, int chain)
    {
        var hangups = count >= 3 && Chance(0.5) ? 2 : 1;
        var states = new List<StateSpec>();
        for (var i = 0; i < count; i++)
        {
            var kind = i >= count - hangups ? Kind.Hangup : i < chain ? (Chance(0.9) ? Kind.Message : Kind.Hours) : PickKind();
            states.Add(new StateSpec(UniqueName(), kind) { Silent = kind == Kind.Hangup && i == count - 1 && hangups == 2 });
        }

        for (var i = 0; i < chain; i++)
        {
            foreach (var slot in states[i].RequiredSlots())
            {
                states[i].Assign(slot, i + 1);
            }
        }

        if (_names == Style.Edge && Chance(0.35))
        {
            states[Int(0, count - 1)].Name = RefusedName();
        }

        // Every state is reached from an earlier one (the validator refuses unreachable states)...
        for (var j = chain + 1; j < count; j++)
        {
            var candidates = Enumerable.Range(0, j).Where(i => states[i].Kind != Kind.Hangup && states[i].FreeSlot(states[j].Silent) is not null).ToList();
            if (candidates.Count == 0 && states[j].Silent)
            {
                // Only failure paths are left to reach it, and silence after a failure is refused: let it speak.
                states[j].Silent = false;
                candidates = Enumerable.Range(0, j).Where(i => states[i].Kind != Kind.Hangup && states[i].FreeSlot(false) is not null).ToList();
            }

            if (candidates.Count > 0)
            {
                var parent = states[candidates[Int(0, candidates.Count - 1)]];
                parent.Assign(parent.FreeSlot(states[j].Silent)!, j);
            }
        }

        // ...and leads only forward, so every path ends at a hangup; loops only go back to a menu (which waits for keys).
        for (var i = 0; i < count; i++)
        {
            var state = states[i];
            foreach (var slot in state.RequiredSlots().Concat(state.OptionalSlots().Where(_ => Chance(0.35))))
            {
                if (!state.Targets.ContainsKey(slot))
                {
                    state.Assign(slot, Forward(states, i, StateSpec.IsFailure(state.Kind, slot)));
                }
            }

            if (state.Kind == Kind.Menu)
            {
                if (Chance(0.3))
                {
                    state.Assign("choice", Forward(states, i, failure: false));
                }

                var earlierMenus = Enumerable.Range(0, i + 1).Where(k => states[k].Kind == Kind.Menu).ToList();
                if (Chance(0.15))
                {
                    state.Assign("choice", earlierMenus[Int(0, earlierMenus.Count - 1)]);
                }

                if (Chance(0.05))
                {
                    // Replays itself for as long as the caller says nothing; what no key led to stays reachable by a key.
                    if (state.Targets.TryGetValue("on-timeout", out var before) && state.Choices.Count < 10)
                    {
                        state.Choices.Add(before);
                        state.Targets["on-timeout"] = i;
                    }
                }
            }
        }

        return states;
    }

    private int Forward(List<StateSpec> states, int from, bool failure)
    {
        var targets = Enumerable.Range(from + 1, states.Count - from - 1).Where(j => !(failure && states[j].Silent)).ToList();
        return targets[Int(0, targets.Count - 1)];
    }

    /// <summary>One state as the generator wires it, before it is written out.</summary>
    private sealed class StateSpec(string name, Kind kind)
    {
        public string Name { get; set; } = name;

        public Kind Kind { get; } = kind;

        /// <summary>A hangup without a prompt: only reached where the validator allows silence (never after a failure).</summary>
        public bool Silent { get; set; }

        public Dictionary<string, int> Targets { get; } = new(StringComparer.Ordinal);

        public List<int> Choices { get; } = [];

        public static bool IsFailure(Kind kind, string slot) => kind == Kind.Hours || slot is "on-timeout" or "on-invalid" or "failed" or "busy" or "no-answer" or "overflow";

        public IEnumerable<string> RequiredSlots() => Kind switch
        {
            Kind.Hours => ["open", "closed"],
            Kind.Message => ["next"],
            Kind.Menu => Choices.Count == 0 ? ["choice", "on-timeout"] : ["on-timeout"],
            Kind.Transfer => ["answered", "failed"],
            Kind.Queue => ["answered", "overflow"],
            _ => [],
        };

        public IEnumerable<string> OptionalSlots() => Kind switch
        {
            Kind.Menu => ["on-invalid"],
            Kind.Transfer => ["busy", "no-answer"],
            _ => [],
        };

        public string? FreeSlot(bool silentTarget)
        {
            if (Kind == Kind.Menu && Choices.Count < 10)
            {
                return "choice";
            }

            return RequiredSlots().Concat(OptionalSlots()).FirstOrDefault(s => s != "choice" && !Targets.ContainsKey(s) && !(silentTarget && IsFailure(Kind, s)));
        }

        public void Assign(string slot, int target)
        {
            if (slot == "choice")
            {
                Choices.Add(target);
            }
            else
            {
                Targets[slot] = target;
            }
        }
    }
}
