using System.Globalization;
using Helpline.Core.Calendar;

namespace Helpline.Core.Tests.Calendar;

/// <summary>
/// Instants as operators and supervisors type them: with an offset or Z they are that instant; without one they are
/// Paris wall-clock time (+01:00 in winter, +02:00 in summer), never UTC or the machine's zone; the hour skipped in
/// spring and the hour lived twice in autumn are refused with the change and the offsets named; malformed text is
/// refused with how to write it. Inputs tried: see the tables (offset, Z, lower-case t/z, fractions, no seconds, winter,
/// summer, both sides of each change, the gap, the overlap, empty, blank, "tomorrow", month 13, 30 February, 24:00,
/// a leap second, a space separator, a date alone, a time alone, an offset of +15:00, a compact offset, other digits,
/// year 0 and year 1).
/// </summary>
public sealed class LocalInstantTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Theory]
    [InlineData("offset kept", "2026-11-24T10:00:00+01:00", "2026-11-24T10:00:00.0000000+01:00")]
    [InlineData("Z is UTC", "2026-11-24T09:00:00Z", "2026-11-24T09:00:00.0000000+00:00")]
    [InlineData("lower-case t and z", "2026-11-24t09:00:00z", "2026-11-24T09:00:00.0000000+00:00")]
    [InlineData("an offset Paris does not use then is still that instant", "2026-12-01T09:00:00+02:00", "2026-12-01T09:00:00.0000000+02:00")]
    [InlineData("negative offset", "2026-12-01T04:00:00-05:00", "2026-12-01T04:00:00.0000000-05:00")]
    [InlineData("offset inside the spring gap is an instant", "2026-03-29T02:30:00+01:00", "2026-03-29T02:30:00.0000000+01:00")]
    [InlineData("offset inside the autumn overlap picks one", "2026-10-25T02:30:00+01:00", "2026-10-25T02:30:00.0000000+01:00")]
    [InlineData("no offset in winter is Paris +01:00", "2026-12-01T09:00:00", "2026-12-01T09:00:00.0000000+01:00")]
    [InlineData("no offset in summer is Paris +02:00", "2026-03-30T08:30:00", "2026-03-30T08:30:00.0000000+02:00")]
    [InlineData("no seconds", "2026-12-01T09:00", "2026-12-01T09:00:00.0000000+01:00")]
    [InlineData("fraction of a second", "2026-12-01T09:00:00.25", "2026-12-01T09:00:00.2500000+01:00")]
    [InlineData("surrounding spaces", "  2026-12-01T09:00  ", "2026-12-01T09:00:00.0000000+01:00")]
    [InlineData("just before the spring gap", "2026-03-29T01:59:59", "2026-03-29T01:59:59.0000000+01:00")]
    [InlineData("just after the spring gap", "2026-03-29T03:00:00", "2026-03-29T03:00:00.0000000+02:00")]
    [InlineData("just before the autumn overlap", "2026-10-25T01:59:59", "2026-10-25T01:59:59.0000000+02:00")]
    [InlineData("just after the autumn overlap", "2026-10-25T03:00:00", "2026-10-25T03:00:00.0000000+01:00")]
    public void Accepted_text_is_that_instant(string name, string text, string expected)
    {
        var result = LocalInstant.Parse(text, Paris);

        Assert.True(result.Succeeded, $"{name}: {result.Message}");
        Assert.Equal(DateTimeOffset.ParseExact(expected, "O", CultureInfo.InvariantCulture), result.Instant);
        Assert.True(result.Instant.Offset == DateTimeOffset.ParseExact(expected, "O", CultureInfo.InvariantCulture).Offset, $"{name}: offset {result.Instant.Offset}");
    }

    [Fact]
    public void Time_without_offset_is_08_00_utc_for_09_00_paris_in_december()
    {
        var result = LocalInstant.Parse("2026-12-01T09:00:00", Paris);

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), result.Instant.ToUniversalTime());
    }

    [Fact]
    public void Time_without_offset_follows_the_zone_given()
    {
        var result = LocalInstant.Parse("2026-12-01T09:00:00", TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero), result.Instant.ToUniversalTime());
    }

    [Theory]
    [InlineData("empty", "", "no date and time given", "2026-11-24T10:00 (Europe/Paris time)")]
    [InlineData("blank", "   ", "no date and time given", "2026-11-24T10:00:00+01:00")]
    [InlineData("a word", "tomorrow", "'tomorrow' is not a date and time", "Europe/Paris time")]
    [InlineData("French word", "demain 9h", "'demain 9h' is not a date and time", "2026-11-24T10:00")]
    [InlineData("month 13", "2026-13-01T00:00", "has no such date (2026-13-01)", "months go from 01 to 12")]
    [InlineData("30 February", "2026-02-30T10:00", "has no such date (2026-02-30)", "days up to")]
    [InlineData("24:00", "2026-12-01T24:00", "has no such time of day", "00:00 of the next day")]
    [InlineData("leap second", "2026-12-31T23:59:60Z", "has no such time of day", "from 00 to 59")]
    [InlineData("space separator", "2026-12-01 09:00", "separates the date and the time with a space", "write a T between them: 2026-12-01T09:00")]
    [InlineData("space separator with offset", "2026-12-01 09:00:00+01:00", "with a space", "2026-12-01T09:00:00+01:00")]
    [InlineData("date alone", "2026-12-01", "'2026-12-01' is a date without a time", "2026-12-01T00:00 for midnight")]
    [InlineData("time alone", "09:00", "'09:00' is not a date and time", "2026-11-24T10:00")]
    [InlineData("offset beyond 14 hours", "2026-12-01T09:00:00+15:00", "has an offset that no place uses", "from -14:00 to +14:00")]
    [InlineData("offset minutes beyond 59", "2026-12-01T09:00:00+01:60", "has an offset that no place uses", "+01:00")]
    [InlineData("compact offset", "2026-12-01T09:00:00+0100", "is not a date and time", "+01:00")]
    [InlineData("Arabic-Indic digits", "٢٠٢٦-12-01T09:00", "is not a date and time", "2026-11-24T10:00")]
    [InlineData("one-digit hour", "2026-12-01T9:00", "is not a date and time", "2026-11-24T10:00")]
    [InlineData("year zero", "0000-01-01T00:00Z", "has no such date", "months")]
    [InlineData("first local instant, east of UTC", "0001-01-01T00:00", "outside the dates this service handles as Europe/Paris time", "+01:00")]
    [InlineData("first instant, east of UTC", "0001-01-01T00:00:00+01:00", "outside the dates this service handles", "+01:00")]
    public void Malformed_text_is_refused_with_how_to_write_it(string name, string text, string error, string fix)
    {
        var result = LocalInstant.Parse(text, Paris);

        Assert.False(result.Succeeded, name);
        Assert.True(result.Error.Contains(error, StringComparison.Ordinal), $"{name}: {result.Error}");
        Assert.True(result.Fix.Contains(fix, StringComparison.Ordinal), $"{name}: {result.Fix}");
        Assert.Equal($"{result.Error}; {result.Fix}", result.Message);
    }

    [Theory]
    [InlineData("2026-03-29T02:00:00")]
    [InlineData("2026-03-29T02:30:00")]
    [InlineData("2026-03-29T02:59:59.9999999")]
    [InlineData("2027-03-28T02:15")]
    public void Time_skipped_when_clocks_go_forward_is_refused_naming_the_change(string text)
    {
        var result = LocalInstant.Parse(text, Paris);

        Assert.False(result.Succeeded, text);
        Assert.Contains($"'{text}' does not exist in Europe/Paris: clocks go from 02:00 to 03:00 on {text[..10]}", result.Error, StringComparison.Ordinal);
        Assert.Contains("give a time before 02:00 or from 03:00, or give an offset", result.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-10-25T02:00:00")]
    [InlineData("2026-10-25T02:30:00")]
    [InlineData("2026-10-25T02:59:59")]
    [InlineData("2027-10-31T02:30")]
    public void Time_lived_twice_when_clocks_go_back_is_refused_naming_both_offsets(string text)
    {
        var result = LocalInstant.Parse(text, Paris);

        Assert.False(result.Succeeded, text);
        Assert.Contains($"'{text}' is ambiguous in Europe/Paris: clocks go back from 03:00 to 02:00 on {text[..10]}, so this time happens twice (+02:00 then +01:00)", result.Error, StringComparison.Ordinal);
        Assert.Contains($"add the offset you mean: {text}+02:00 (the first time, before the change) or {text}+01:00 (the second, after it)", result.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fi-FI")]
    [InlineData("th-TH")]
    [InlineData("ar-SA")]
    public void Messages_do_not_depend_on_the_machines_culture(string culture)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var gap = LocalInstant.Parse("2026-03-29T02:30:00", Paris);
            var overlap = LocalInstant.Parse("2026-10-25T02:30:00", Paris);

            Assert.Contains("clocks go from 02:00 to 03:00 on 2026-03-29", gap.Error, StringComparison.Ordinal);
            Assert.Contains("clocks go back from 03:00 to 02:00 on 2026-10-25", overlap.Error, StringComparison.Ordinal);
            Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), LocalInstant.Parse("2026-12-01T09:00", Paris).Instant);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Each_offset_named_for_an_ambiguous_time_is_accepted_and_an_hour_apart()
    {
        var first = LocalInstant.Parse("2026-10-25T02:30:00+02:00", Paris);
        var second = LocalInstant.Parse("2026-10-25T02:30:00+01:00", Paris);

        Assert.Equal(TimeSpan.FromHours(1), second.Instant - first.Instant);
    }

    [Fact]
    public void Utc_zone_has_no_gap()
    {
        var result = LocalInstant.Parse("2026-03-29T02:30:00", TimeZoneInfo.Utc);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.Zero), result.Instant);
    }
}
