using System.Globalization;
using Helpline.Core.Calendar;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Simulation;

namespace Helpline.Core.Tests.Flows;

/// <summary>
/// An hours state that names a calendar of <c>calendars:</c> decides with that calendar — its hours, its time zone, its
/// holidays — and never with the operator's override, which belongs to the line's own hours; the flow's own hours
/// state keeps both. Run through the compiled flow, the simulator and the Stateless graph, as calls, <c>simulate</c> and
/// <c>graph</c> use them.
/// </summary>
public sealed class NamedCalendarTests
{
    private readonly CompiledFlow _flow = FlowFiles.Compile(CalendarFlow.Yaml);

    [Theory]
    [InlineData("Tuesday 08:59:59", "2026-11-24T08:59:59+01:00", "ferme")]
    [InlineData("Tuesday 09:00", "2026-11-24T09:00:00+01:00", "ouvert")]
    [InlineData("Tuesday 18:59:59", "2026-11-24T18:59:59+01:00", "ouvert")]
    [InlineData("Tuesday 19:00", "2026-11-24T19:00:00+01:00", "ferme")]
    [InlineData("Tuesday 21:00", "2026-11-24T21:00:00+01:00", "ferme")]
    [InlineData("Saturday 10:00", "2026-11-28T10:00:00+01:00", "ouvert")]
    [InlineData("Sunday 18:00", "2026-11-29T18:00:00+01:00", "ouvert")]
    [InlineData("Sunday 19:30", "2026-11-29T19:30:00+01:00", "ferme")]
    [InlineData("Christmas 10:00 (public holidays: none)", "2026-12-25T10:00:00+01:00", "ouvert")]
    [InlineData("Easter Monday 2027 10:00", "2027-03-29T10:00:00+02:00", "ouvert")]
    [InlineData("1 May 2027 10:00", "2027-05-01T10:00:00+02:00", "ouvert")]
    [InlineData("summer 09:00 Paris given in UTC", "2026-06-23T07:00:00Z", "ouvert")]
    [InlineData("summer 08:59:59 Paris given in UTC", "2026-06-23T06:59:59Z", "ferme")]
    [InlineData("summer 19:00 Paris given in UTC", "2026-06-23T17:00:00Z", "ferme")]
    [InlineData("spring change Sunday, 08:59:59 Paris (+02:00)", "2026-03-29T06:59:59Z", "ferme")]
    [InlineData("spring change Sunday, 09:00 Paris (+02:00)", "2026-03-29T07:00:00Z", "ouvert")]
    [InlineData("spring change Sunday, 18:59:59 Paris", "2026-03-29T16:59:59Z", "ouvert")]
    [InlineData("spring change Sunday, 19:00 Paris", "2026-03-29T17:00:00Z", "ferme")]
    [InlineData("autumn change Sunday, 08:59:59 Paris (+01:00)", "2026-10-25T07:59:59Z", "ferme")]
    [InlineData("autumn change Sunday, 09:00 Paris (+01:00)", "2026-10-25T08:00:00Z", "ouvert")]
    [InlineData("autumn change Sunday, 19:00 Paris", "2026-10-25T18:00:00Z", "ferme")]
    [InlineData("autumn change Sunday, the repeated 02:30 (second)", "2026-10-25T01:30:00Z", "ferme")]
    public void Named_calendar_decides_at_its_own_boundaries_in_Paris_time(string when, string instant, string expected)
    {
        var step = _flow.Start(new FlowContext(Parse(instant)));

        Assert.True(expected == step.Transitions[2].To, $"{when}: went to {step.Transitions[2].To}");
        Assert.True(step.Ends, when);
    }

    [Fact]
    public void Named_calendar_reads_its_own_time_zone_not_the_flow_s()
    {
        var flow = FlowFiles.Compile(CalendarFlow.Replace("    timezone: Europe/Paris", "    timezone: Indian/Reunion"));

        // 06:00 in Paris is 09:00 in La Réunion (UTC+4): open there, and 16:00 in Paris is 19:00 there: closed.
        Assert.Equal("ouvert", flow.Start(new FlowContext(Parse("2026-11-24T06:00:00+01:00"))).Transitions[2].To);
        Assert.Equal("ferme", flow.Start(new FlowContext(Parse("2026-11-24T16:00:00+01:00"))).Transitions[2].To);
    }

    [Fact]
    public void Operator_closing_closes_the_line_s_own_hours_but_not_a_named_calendar()
    {
        var tuesdayMorning = Parse("2026-11-24T10:00:00+01:00");
        var closing = new HoursOverride(HoursOverrideMode.Closed, tuesdayMorning.AddHours(2), "Équipe en formation");

        var step = _flow.Start(new FlowContext(tuesdayMorning, closing));

        Assert.Equal(["(new)->horaires:start", "horaires->victimes:closed", "victimes->ouvert:open", "ouvert->fin:continue"], step.Transitions.Select(Describe));
        Assert.Contains("Équipe en formation", step.Transitions[1].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Équipe en formation", step.Transitions[2].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Operator_opening_opens_the_line_s_own_hours_but_not_a_named_calendar()
    {
        var saturdayEvening = Parse("2026-11-28T20:00:00+01:00");
        var opening = new HoursOverride(HoursOverrideMode.Open, saturdayEvening.AddHours(2), "Crise");

        var step = _flow.Start(new FlowContext(saturdayEvening, opening));

        Assert.Equal(["(new)->horaires:start", "horaires->victimes:open", "victimes->ferme:closed", "ferme->fin:continue"], step.Transitions.Select(Describe));
    }

    [Fact]
    public void Decision_records_the_named_calendar_and_its_reason()
    {
        var step = _flow.Start(new FlowContext(Parse("2026-11-28T20:00:00+01:00")));

        Assert.Equal("OutsideHours", step.Transitions[1].Detail);
        Assert.Equal("OutsideHours, calendar 'victimes'", step.Transitions[2].Detail);
    }

    [Fact]
    public void Simulated_call_shows_which_calendar_decided_and_hears_its_branch()
    {
        var result = CallSimulator.Run(_flow, Parse("2026-12-25T10:00:00+01:00"), _ => null);

        var decisions = result.Steps.Where(s => s.Kind == "decision").Select(s => s.ToString()).ToList();
        Assert.Equal(["[horaires] decision: closed (PublicHoliday: Noël)", "[victimes] decision: open (RegularHours, calendar 'victimes')"], decisions);
        Assert.Contains(result.Steps, s => s.Kind == "hears" && s.Text == "Le 116 006 répond.");
    }

    [Fact]
    public void Graph_names_the_calendar_each_hours_branch_follows()
    {
        var mermaid = Stateless.Graph.MermaidGraph.Format(_flow.GetInfo());

        Assert.Contains("horaires --> victimes : open [flow calendar or override]", mermaid, StringComparison.Ordinal);
        Assert.Contains("victimes --> ouvert : open [calendar 'victimes']", mermaid, StringComparison.Ordinal);
        Assert.Contains("victimes --> ferme : closed [calendar 'victimes']", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void Flow_without_calendars_keeps_deciding_with_its_own_calendar()
    {
        var flow = FlowFiles.Compile(MinimalFlow.Yaml);

        Assert.Empty(flow.Definition.Calendars);
        Assert.Equal("menu", flow.Start(new FlowContext(Parse("2026-11-24T10:00:00+01:00"))).Position.State);
        Assert.Equal("fin", flow.Start(new FlowContext(Parse("2026-11-24T18:00:00+01:00"))).Position.State);
    }

    private static DateTimeOffset Parse(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    private static string Describe(FlowTransition t) => $"{t.From}->{t.To}:{t.Trigger}";
}
