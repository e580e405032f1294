using Helpline.Core.Flows.Diagnostics;
using Helpline.Core.Flows.Loading;

namespace Helpline.Core.Tests.Flows;

/// <summary>
/// Mistakes in <c>calendars:</c> and in an hours state's <c>calendar:</c>, each reported with its code at the line and
/// column to fix, like every other flow error; and the branches a named calendar can never take, which no override
/// can change.
/// </summary>
public sealed class NamedCalendarValidationTests
{
    [Fact]
    public void Flow_with_a_named_calendar_is_valid()
    {
        var result = FlowFiles.Load(CalendarFlow.Yaml);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        Assert.Equal(["victimes"], result.Flow!.Calendars.Keys);
    }

    [Fact]
    public void Unknown_calendar_name_is_reported_where_the_state_names_it()
    {
        var yaml = CalendarFlow.Replace("    calendar: victimes", "    calendar: victime");

        var result = FlowFiles.Load(yaml);

        var error = Single(result, DiagnosticCodes.UnknownCalendar);
        Assert.Equal(CalendarFlow.At(yaml, "victime\n"), error.Position);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("state 'victimes' reads calendar 'victime'", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'victimes'", error.Hint, StringComparison.Ordinal);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void Unknown_calendar_name_far_from_every_declared_one_lists_them_instead_of_guessing()
    {
        var yaml = CalendarFlow.Replace("    calendar: victimes", "    calendar: samu");

        var error = Single(FlowFiles.Load(yaml), DiagnosticCodes.UnknownCalendar);

        Assert.Equal("known calendars: victimes; or declare it under 'calendars:', or remove 'calendar:' to use the flow's own hours", error.Hint);
    }

    [Fact]
    public void Calendar_name_in_a_flow_without_calendars_is_unknown_and_says_where_to_declare_it()
    {
        var yaml = MinimalFlow.Replace("    type: hours\n", "    type: hours\n    calendar: france-victimes\n");

        var result = FlowFiles.Load(yaml);

        var error = Single(result, DiagnosticCodes.UnknownCalendar);
        Assert.Equal(CalendarFlow.At(yaml, "france-victimes"), error.Position);
        Assert.Contains("declare it under 'calendars:'", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_calendar_that_is_not_a_block_is_a_wrong_type_at_its_value()
    {
        var start = CalendarFlow.Yaml.IndexOf("  victimes:\n    timezone", StringComparison.Ordinal);
        var yaml = CalendarFlow.Yaml.Remove(start, CalendarFlow.Yaml.IndexOf("emergency:", StringComparison.Ordinal) - start)
            .Insert(start, "  victimes: \"09:00-19:00\"\n");

        var result = FlowFiles.Load(yaml);

        var error = Single(result, DiagnosticCodes.WrongType);
        Assert.Equal(CalendarFlow.At(yaml, "\"09:00-19:00\"\n"), error.Position);
        Assert.Contains("calendar 'victimes' under 'calendars' must be a block", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownCalendar);
    }

    [Fact]
    public void Named_calendar_without_hours_is_a_missing_key_and_the_state_naming_it_is_not_reported_again()
    {
        var start = CalendarFlow.Yaml.IndexOf("    hours:", StringComparison.Ordinal);
        var yaml = CalendarFlow.Yaml.Remove(start, CalendarFlow.Yaml.IndexOf("    public-holidays", StringComparison.Ordinal) - start);

        var result = FlowFiles.Load(yaml);

        var error = Single(result, DiagnosticCodes.MissingKey);
        Assert.Equal(CalendarFlow.At(yaml, "timezone"), error.Position);
        Assert.Contains("calendar 'victimes' needs 'hours'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownCalendar);
    }

    [Fact]
    public void Bad_time_range_in_a_named_calendar_is_an_invalid_value_at_the_range()
    {
        var yaml = CalendarFlow.Replace("      sunday: \"09:00-19:00\"", "      sunday: \"19:00-09:00\"");

        var result = FlowFiles.Load(yaml);

        var error = Single(result, DiagnosticCodes.InvalidValue);
        Assert.Equal(CalendarFlow.At(yaml, "\"19:00-09:00\""), error.Position);
    }

    [Fact]
    public void Misspelt_key_in_a_named_calendar_is_an_unknown_key_with_a_suggestion()
    {
        var yaml = CalendarFlow.Replace("    public-holidays: none", "    public-holiday: none");

        var result = FlowFiles.Load(yaml);

        var error = Single(result, DiagnosticCodes.UnknownKey);
        Assert.Equal(CalendarFlow.At(yaml, "public-holiday:"), error.Position);
        Assert.Contains("in calendar 'victimes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'public-holidays'", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_time_zone_of_a_named_calendar_names_the_calendar()
    {
        var yaml = CalendarFlow.Replace("    timezone: Europe/Paris", "    timezone: Europe/Pariss");

        var result = FlowFiles.Load(yaml);

        var error = Single(result, DiagnosticCodes.InvalidValue);
        Assert.Equal(CalendarFlow.At(yaml, "Europe/Pariss"), error.Position);
        Assert.Contains("calendar 'victimes': unknown time zone 'Europe/Pariss'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_nobody_names_is_a_warning_at_its_name()
    {
        var yaml = CalendarFlow.Replace("    public-holidays: none\n", "    public-holidays: none\n  samu:\n    hours:\n      monday: \"00:00-24:00\"\n");

        var result = FlowFiles.Load(yaml);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = Single(result, DiagnosticCodes.UnusedCalendar);
        Assert.Equal((DiagnosticSeverity.Warning, CalendarFlow.At(yaml, "samu:")), (warning.Severity, warning.Position));
    }

    [Fact]
    public void Named_calendar_that_never_opens_makes_its_open_branch_dead_and_the_state_behind_it_unreachable()
    {
        var start = CalendarFlow.Yaml.IndexOf("      monday", StringComparison.Ordinal);
        var yaml = CalendarFlow.Yaml.Remove(start, CalendarFlow.Yaml.IndexOf("    public-holidays", StringComparison.Ordinal) - start)
            .Replace("    hours:\n", "    hours: {}\n", StringComparison.Ordinal);

        var result = FlowFiles.Load(yaml);

        var warning = Single(result, DiagnosticCodes.BranchNeverTaken);
        Assert.Equal((DiagnosticSeverity.Warning, CalendarFlow.At(yaml, "ouvert\n")), (warning.Severity, warning.Position));
        Assert.Contains("the 'open' branch of state 'victimes' is never taken", warning.Message, StringComparison.Ordinal);
        Assert.Equal(CalendarFlow.At(yaml, "ouvert:\n"), Single(result, DiagnosticCodes.UnreachableState).Position);
    }

    [Fact]
    public void Named_calendar_open_around_the_clock_every_day_makes_its_closed_branch_dead()
    {
        var yaml = CalendarFlow.Yaml.Replace("\"09:00-19:00\"", "\"00:00-24:00\"", StringComparison.Ordinal);

        var result = FlowFiles.Load(yaml);

        var warning = Single(result, DiagnosticCodes.BranchNeverTaken);
        Assert.Equal(CalendarFlow.At(yaml, "ferme\n"), warning.Position);
        Assert.Contains("the 'closed' branch of state 'victimes' is never taken", warning.Message, StringComparison.Ordinal);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.UnreachableState && d.Message.Contains("'ferme'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ranges that meet at noon", "[\"00:00-12:00\", \"12:00-24:00\"]", false)]
    [InlineData("a gap at noon", "[\"00:00-12:00\", \"12:01-24:00\"]", true)]
    [InlineData("a last minute missing", "\"00:00-23:59\"", true)]
    public void Around_the_clock_means_every_minute_of_every_day(string what, string range, bool closedBranchTaken)
    {
        var yaml = CalendarFlow.Yaml.Replace("\"09:00-19:00\"", range, StringComparison.Ordinal);

        var result = FlowFiles.Load(yaml);

        Assert.True(closedBranchTaken != result.Diagnostics.Any(d => d.Code == DiagnosticCodes.BranchNeverTaken), $"{what}: {string.Join("\n", result.Diagnostics)}");
    }

    [Theory]
    [InlineData("public holidays", "    public-holidays: none", "    public-holidays: france")]
    [InlineData("a dated closure", "    public-holidays: none", "    public-holidays: none\n    closures:\n      - date: 2026-12-24\n        reason: Veille de Noël")]
    public void Calendar_open_around_the_clock_that_can_still_close_takes_both_branches(string what, string oldText, string newText)
    {
        var yaml = CalendarFlow.Yaml.Replace("\"09:00-19:00\"", "\"00:00-24:00\"", StringComparison.Ordinal).Replace(oldText, newText, StringComparison.Ordinal);

        var result = FlowFiles.Load(yaml);

        Assert.True(result.Succeeded, what);
        Assert.True(result.Diagnostics.Count == 0, $"{what}: {string.Join("\n", result.Diagnostics)}");
    }

    [Fact]
    public void Own_calendar_that_never_opens_takes_both_branches_since_the_override_can_open_it()
    {
        var yaml = MinimalFlow.Replace("states:\n", "calendar:\n  hours: {}\nstates:\n");

        var result = FlowFiles.Load(yaml);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
    }

    private static FlowDiagnostic Single(FlowLoadResult result, string code)
    {
        var matching = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matching.Count == 1, $"expected one {code}, got:\n{string.Join("\n", result.Diagnostics)}");
        return matching[0];
    }
}
