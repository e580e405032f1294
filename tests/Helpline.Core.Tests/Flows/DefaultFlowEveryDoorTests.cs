using Helpline.Core.Calendar;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Voice;

namespace Helpline.Core.Tests.Flows;

/// <summary>
/// Issue 12.2 ("Nobody is sent to the wrong door") for every path of the shipped flow, not only the ones someone
/// thought of: the walk fires every trigger a state accepts (each menu key, no key, a wrong key, each dial result, the
/// queue's answer and overflow) from the start, at several hours, and checks each path that ends at a transfer, and each
/// path that ends the call after a failed one. The overflow path once put everyone through to the 39 19 without 17 / 112
/// (DefaultFlowOverflowDoorTests); this walk finds such a path wherever it is.
/// </summary>
/// <remarks>
/// What counts as heard: messages and transfer announcements. A menu's prompt does not count (a key stops it) and
/// neither does the hold audio (the overflow can come before any is played: a full provider queue, routing off).
/// </remarks>
public sealed class DefaultFlowEveryDoorTests
{
    private static readonly string[] Triggers =
    [
        FlowTriggers.Timeout, FlowTriggers.Invalid, FlowTriggers.Answered, FlowTriggers.Busy, FlowTriggers.NoAnswer,
        FlowTriggers.Failed, FlowTriggers.Overflow,
    ];

    private readonly CompiledFlow _flow = FlowFiles.DefaultFlow();

    /// <summary>Rows: name, instant, hours override, whether the 116 006 answers then, and the transfers the walk must reach.</summary>
    public static TheoryData<string, string, HoursOverrideMode?, bool, string> Hours() => new()
    {
        { "open line, Tuesday 10:00, 116 006 open", "2026-11-24T10:00:00+01:00", null, true, "danger,enfance,hebergement,transfert-3919" },
        { "opened by override, Tuesday 20:00, 116 006 closed", "2026-11-24T20:00:00+01:00", HoursOverrideMode.Open, false, "danger,enfance,hebergement,transfert-3919" },
        { "closed line, Saturday 10:00, 116 006 open", "2026-11-28T10:00:00+01:00", null, true, "transfert-3919" },
        { "closed line, Tuesday 21:00, 116 006 closed", "2026-11-24T21:00:00+01:00", null, false, "transfert-3919" },
        { "closed by override, Tuesday 10:00, 116 006 open", "2026-11-24T10:00:00+01:00", HoursOverrideMode.Closed, true, "transfert-3919" },
    };

    [Theory]
    [MemberData(nameof(Hours))]
    public void Every_path_to_a_transfer_or_ending_after_a_failed_one_gives_17_and_112_and_the_3919_ones_the_116_006_with_its_hours(
        string when, string instant, HoursOverrideMode? mode, bool franceVictimesOpen, string transfers)
    {
        var at = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        var context = new FlowContext(at, mode is { } m ? new HoursOverride(m, at.AddHours(2), "essai") : null);
        var walk = new Walk(_flow, context);

        walk.From(_flow.Start(context), [FlowTriggers.Start], string.Empty);

        Assert.True(walk.Loops.Count == 0, $"{when}:\n{string.Join("\n", walk.Loops)}");
        var problems = walk.Doors.Select(p => Check(p, franceVictimesOpen)).Where(p => p is not null).ToList();
        Assert.True(problems.Count == 0, $"{when}: {problems.Count} of {walk.Doors.Count} paths:\n{string.Join("\n", problems)}");
        Assert.Equal(transfers.Split(','), walk.TransfersReached.Order(StringComparer.Ordinal));
        Assert.Contains(walk.Doors, d => d.AfterFailure); // the failed transfers were walked too
    }

    [Fact]
    public void Emergency_fallback_gives_17_112_and_the_116_006_with_its_hours_before_the_3919()
    {
        var answer = _flow.EmergencyFallback();

        var dial = answer.OfType<DialInstruction>().Single();
        Assert.Equal("3919", dial.Number);
        var heard = Heard(answer.TakeWhile(i => i is not DialInstruction));
        foreach (var words in new[] { "le 17", "112", "116 006", "de 9 heures à 19 heures" })
        {
            Assert.True(heard.Contains(words, StringComparison.Ordinal), $"'{words}' not heard before the 3919: {heard}");
        }
    }

    /// <summary>Null when the path says what it must; otherwise what is missing.</summary>
    private static string? Check(Door door, bool franceVictimesOpen)
    {
        List<string> needed = ["le 17", "112"];
        if (door.Number == "3919")
        {
            needed.Add("116 006");
            needed.Add(franceVictimesOpen ? "répond aujourd'hui jusqu'à 19 heures" : "fermé en ce moment ; il répond tous les jours de 9 heures à 19 heures");
        }

        var missing = needed.Where(w => !door.Heard.Contains(w, StringComparison.Ordinal)).ToList();
        return missing.Count == 0
            ? null
            : $"{door.Path} ({(door.AfterFailure ? "ends after the failed " : "put through to ")}{door.Number}) misses {string.Join(", ", missing.Select(w => $"« {w} »"))}: {door.Heard}";
    }

    private static string Heard(IEnumerable<VoiceInstruction> instructions) =>
        string.Join(" ", instructions.Select(i => i switch
        {
            PlayInstruction p => p.Text,
            SayInstruction s => s.Text,
            _ => string.Empty,
        }).Where(t => t.Length > 0));

    /// <summary>A path's end: a transfer (what was heard on the way to it), or the call's end after a failed transfer (what was heard since).</summary>
    private sealed record Door(string Path, string Number, string Heard, bool AfterFailure);

    private sealed class Walk(CompiledFlow flow, FlowContext context)
    {
        private const int MaxDepth = 40;

        public List<Door> Doors { get; } = [];

        public List<string> Loops { get; } = [];

        public HashSet<string> TransfersReached { get; } = new(StringComparer.Ordinal);

        /// <summary>Follows <paramref name="step"/> and every trigger its state accepts.</summary>
        /// <param name="step">The step just taken.</param>
        /// <param name="path">The triggers fired so far.</param>
        /// <param name="heard">What was heard before this step (since the last failed transfer, if any).</param>
        /// <param name="failedDial">The number whose transfer failed on this path, if any.</param>
        public void From(FlowStep step, IReadOnlyList<string> path, string heard, string? failedDial = null)
        {
            if (path.Count > MaxDepth)
            {
                Loops.Add($"{string.Join(" → ", path)}: deeper than {MaxDepth} steps, a loop?");
                return;
            }

            var now = Join(heard, Heard(step.Instructions.TakeWhile(i => i is not DialInstruction)));
            var described = string.Join(" → ", path) + " @" + step.Position.State;
            if (step.Instructions.OfType<DialInstruction>().FirstOrDefault() is { } dial)
            {
                TransfersReached.Add(step.Position.State);
                Doors.Add(new Door(described, dial.Number, now, false));
            }

            if (step.Ends)
            {
                if (failedDial is not null)
                {
                    Doors.Add(new Door(described, failedDial, now, true));
                }

                return;
            }

            var state = flow.Definition.FindState(step.Position.State);
            var keys = state is MenuState menu ? menu.Choices.Select(c => FlowTriggers.Digits(c.Keys)) : [];
            foreach (var trigger in keys.Concat(Triggers))
            {
                var next = flow.Fire(step.Position, trigger, context);
                if (next.Ignored)
                {
                    continue;
                }

                var failed = state is TransferState && trigger != FlowTriggers.Answered;
                var dialled = step.Instructions.OfType<DialInstruction>().FirstOrDefault()?.Number;
                From(next, [.. path, trigger], failed ? string.Empty : now, failed ? dialled : failedDial);
            }
        }

        private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + " " + b;
    }
}
