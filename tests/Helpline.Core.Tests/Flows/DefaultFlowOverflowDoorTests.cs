using Helpline.Core.Calendar;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Voice;

namespace Helpline.Core.Tests.Flows;

/// <summary>
/// Review of issue 12.2 ("Nobody is sent to the wrong door"): wherever the default flow sends everyone to the 39 19 —
/// closed line, <b>overflow</b>, emergency fallback — a man or anyone else must also hear where to go: the 116 006 with
/// its hours, <b>with 17 / 112 for danger</b>. The closed line, the emergency message and the failed 3919 said 17 and
/// 112; the overflow path (debordement → 116 006 → transfert-3919) said neither. The overflow can come without any hold
/// audio before it (a full provider queue, routing off, the database unreadable at the first hold poll), so debordement
/// says them itself. DefaultFlowEveryDoorTests walks every other path to a transfer.
/// </summary>
public sealed class DefaultFlowOverflowDoorTests
{
    private readonly CompiledFlow _flow = FlowFiles.DefaultFlow();

    [Theory]
    [InlineData("Tuesday 10:00, 116 006 open", "2026-11-24T10:00:00+01:00", null)]
    [InlineData("evening opening 20:00, 116 006 closed", "2026-11-24T20:00:00+01:00", HoursOverrideMode.Open)]
    public void Queue_overflow_gives_17_and_112_for_danger_before_putting_everyone_through_to_3919(string when, string instant, HoursOverrideMode? mode)
    {
        var at = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        var context = new FlowContext(at, mode is { } m ? new HoursOverride(m, at.AddHours(2), "essai") : null);
        var queued = _flow.Fire(_flow.Start(context).Position, FlowTriggers.Digits("4"), context);
        Assert.Equal("file-ecoutantes", queued.Position.State);

        var overflow = _flow.Fire(queued.Position, "overflow", context);

        Assert.Equal("3919", Assert.IsType<DialInstruction>(overflow.Instructions[^1]).Number);
        var heard = string.Join(" ", overflow.Instructions.OfType<PlayInstruction>().Select(p => p.Text)
            .Concat(overflow.Instructions.OfType<SayInstruction>().Select(s => s.Text)));
        Assert.Contains("116 006", heard, StringComparison.Ordinal); // holds today
        Assert.True(heard.Contains("le 17", StringComparison.Ordinal) && heard.Contains("112", StringComparison.Ordinal),
            $"{when}: an overflowed caller is put through to the 3919 (reserved to women) without hearing 17 / 112 for danger: {heard}");
    }
}
