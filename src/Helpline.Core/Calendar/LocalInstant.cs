using System.Globalization;
using System.Text.RegularExpressions;

namespace Helpline.Core.Calendar;

/// <summary>
/// Reads an instant the way an operator or a supervisor types one (<c>helpline simulate --at</c>, a scenario's
/// <c>at:</c>, the hours override's <c>until</c>): a time without an offset is the wall-clock time of the flow's time
/// zone (<c>calendar.timezone</c>, Europe/Paris by default), because that is what the person means by
/// "2026-12-01T09:00" — not UTC, and not the clock of whichever server or laptop reads it.
/// </summary>
/// <remarks>
/// <para>Accepted shapes (ISO 8601 / RFC 3339, date and time joined by <c>T</c>):</para>
/// <list type="bullet">
/// <item><c>2026-12-01T09:00</c>, <c>2026-12-01T09:00:00</c>, <c>2026-12-01T09:00:00.250</c> (up to 7 decimals): local
/// time in the given zone;</item>
/// <item>the same followed by <c>Z</c> or an offset <c>±HH:mm</c> (<c>2026-12-01T09:00:00+01:00</c>): that exact
/// instant, whatever the zone (the offset wins, even one the zone does not use at that date).</item>
/// </list>
/// <para>Refused, with <see cref="LocalInstantResult.Error"/> saying why and <see cref="LocalInstantResult.Fix"/> how to
/// write it: an empty text; a date alone (<c>2026-12-01</c>: which time?); a space instead of <c>T</c>
/// (<c>2026-12-01 09:00</c>: one spelling everywhere, and a shell splits it in two); anything else that is not the shape
/// above (<c>tomorrow</c>); a date or time that does not exist (<c>2026-13-01T00:00</c>, <c>25:00</c>, no leap second);
/// an offset beyond ±14:00; and, without an offset, a local time that <b>does not exist</b> (skipped when clocks go
/// forward: 2026-03-29T02:30 in Europe/Paris) or that is <b>ambiguous</b> (lived twice when clocks go back:
/// 2026-10-25T02:30 is both +02:00 and +01:00) — the message names the change and the offsets to choose from, rather
/// than guessing an hour for the person.</para>
/// <para>Pure and thread-safe; never throws for bad input.</para>
/// </remarks>
public static partial class LocalInstant
{
    /// <summary>Reads <paramref name="text"/>; a time without an offset is local to <paramref name="zone"/>. Surrounding spaces are ignored.</summary>
    public static LocalInstantResult Parse(string? text, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var typed = text?.Trim() ?? string.Empty;
        var shapes = $"write it as 2026-11-24T10:00 ({zone.Id} time), or with its offset: 2026-11-24T10:00:00+01:00, 2026-11-24T09:00:00Z";
        if (typed.Length == 0)
        {
            return LocalInstantResult.Refused("no date and time given", shapes);
        }

        var match = Shape().Match(typed);
        if (!match.Success)
        {
            if (DateOnly.TryParseExact(typed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return LocalInstantResult.Refused($"'{typed}' is a date without a time", $"add the time, e.g. {typed}T00:00 for midnight ({zone.Id} time)");
            }

            if (Shape().IsMatch(SpaceSeparated().Replace(typed, "T", 1)))
            {
                return LocalInstantResult.Refused($"'{typed}' separates the date and the time with a space", $"write a T between them: {SpaceSeparated().Replace(typed, "T", 1)}");
            }

            return LocalInstantResult.Refused($"'{typed}' is not a date and time", shapes);
        }

        if (!DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return LocalInstantResult.Refused($"'{typed}' has no such date ({match.Groups["date"].Value})", "months go from 01 to 12 and days up to 28, 29, 30 or 31 as the month has");
        }

        var hour = Number(match, "hour");
        var minute = Number(match, "minute");
        var second = match.Groups["second"].Success ? Number(match, "second") : 0;
        if (hour > 23 || minute > 59 || second > 59)
        {
            return LocalInstantResult.Refused($"'{typed}' has no such time of day", "hours go from 00 to 23, minutes and seconds from 00 to 59 (midnight is 00:00 of the next day)");
        }

        var fraction = match.Groups["fraction"].Value;
        var ticks = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(7, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        var local = date.ToDateTime(new TimeOnly(hour, minute, second), DateTimeKind.Unspecified).AddTicks(ticks);

        if (match.Groups["utc"].Success)
        {
            return LocalInstantResult.Ok(new DateTimeOffset(local, TimeSpan.Zero));
        }

        if (match.Groups["sign"].Success)
        {
            var offset = new TimeSpan(Number(match, "offsetHours"), Number(match, "offsetMinutes"), 0);
            if (Number(match, "offsetMinutes") > 59 || offset > TimeSpan.FromHours(14))
            {
                return LocalInstantResult.Refused($"'{typed}' has an offset that no place uses", "offsets go from -14:00 to +14:00, e.g. +01:00 for Paris in winter, +02:00 in summer");
            }

            offset = match.Groups["sign"].Value == "-" ? -offset : offset;
            return InRange(local, offset)
                ? LocalInstantResult.Ok(new DateTimeOffset(local, offset))
                : LocalInstantResult.Refused($"'{typed}' is outside the dates this service handles", shapes);
        }

        return InZone(typed, local, zone, shapes);
    }

    private static LocalInstantResult InZone(string typed, DateTime local, TimeZoneInfo zone, string shapes)
    {
        if (zone.IsInvalidTime(local))
        {
            var (from, to, before, _) = ClockChange(zone, local);
            return LocalInstantResult.Refused(
                string.Create(CultureInfo.InvariantCulture, $"'{typed}' does not exist in {zone.Id}: clocks go from {from:HH:mm} to {to:HH:mm} on {from:yyyy-MM-dd}"),
                string.Create(CultureInfo.InvariantCulture, $"give a time before {from:HH:mm} or from {to:HH:mm}, or give an offset (e.g. {typed}{Format(before)})"));
        }

        if (zone.IsAmbiguousTime(local))
        {
            var (from, to, before, after) = ClockChange(zone, local);
            return LocalInstantResult.Refused(
                string.Create(CultureInfo.InvariantCulture, $"'{typed}' is ambiguous in {zone.Id}: clocks go back from {from:HH:mm} to {to:HH:mm} on {from:yyyy-MM-dd}, so this time happens twice ({Format(before)} then {Format(after)})"),
                $"add the offset you mean: {typed}{Format(before)} (the first time, before the change) or {typed}{Format(after)} (the second, after it)");
        }

        var offset = zone.GetUtcOffset(local);
        return InRange(local, offset)
            ? LocalInstantResult.Ok(new DateTimeOffset(local, offset))
            : LocalInstantResult.Refused($"'{typed}' is outside the dates this service handles as {zone.Id} time", shapes);
    }

    /// <summary>
    /// The clock change around <paramref name="local"/> (a skipped or repeated time): the local time at which clocks
    /// change (<c>From</c>), the local time they show just after (<c>To</c>), and the offsets before and after.
    /// </summary>
    private static (DateTime From, DateTime To, TimeSpan Before, TimeSpan After) ClockChange(TimeZoneInfo zone, DateTime local)
    {
        // The change happens within a day of the local time, as offsets are under 15 hours; find its instant to the tick.
        var low = DateTime.SpecifyKind(local.AddDays(-1), DateTimeKind.Utc);
        var high = DateTime.SpecifyKind(local.AddDays(1), DateTimeKind.Utc);
        var before = zone.GetUtcOffset(low);
        var after = zone.GetUtcOffset(high);
        while (high.Ticks - low.Ticks > 1)
        {
            var middle = new DateTime(low.Ticks + ((high.Ticks - low.Ticks) / 2), DateTimeKind.Utc);
            if (zone.GetUtcOffset(middle) == before)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        var change = DateTime.SpecifyKind(high, DateTimeKind.Unspecified);
        return (change + before, change + after, before, after);
    }

    private static bool InRange(DateTime local, TimeSpan offset)
    {
        var utcTicks = local.Ticks - offset.Ticks;
        return utcTicks >= DateTime.MinValue.Ticks && utcTicks <= DateTime.MaxValue.Ticks;
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Format(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    // [0-9], not \d: \d also matches other scripts' digits, which the numbers below could not parse.
    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt](?<hour>[0-9]{2}):(?<minute>[0-9]{2})(?::(?<second>[0-9]{2})(?:\.(?<fraction>[0-9]{1,7}))?)?(?:(?<utc>[Zz])|(?<sign>[+-])(?<offsetHours>[0-9]{2}):(?<offsetMinutes>[0-9]{2}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex(@"(?<=^[0-9]{4}-[0-9]{2}-[0-9]{2}) +(?=[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceSeparated();
}
