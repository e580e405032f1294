using System.Globalization;
using Helpline.Core.Calendar;
using Helpline.Core.Flows.Diagnostics;

namespace Helpline.Core.Flows.Loading;

public static partial class FlowLoader
{
    private sealed partial class Builder
    {
        private static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.Ordinal)
        {
            ["monday"] = DayOfWeek.Monday,
            ["tuesday"] = DayOfWeek.Tuesday,
            ["wednesday"] = DayOfWeek.Wednesday,
            ["thursday"] = DayOfWeek.Thursday,
            ["friday"] = DayOfWeek.Friday,
            ["saturday"] = DayOfWeek.Saturday,
            ["sunday"] = DayOfWeek.Sunday,
        };

        /// <summary>
        /// Reads <c>calendars:</c>, other lines' hours by name, each block shaped like <c>calendar:</c>. False when a
        /// calendar could not be read at all (its errors are reported): the graph checks then wait, as for the flow's
        /// own calendar, rather than report every state naming it as unknown.
        /// </summary>
        private (Dictionary<string, NamedCalendar> Calendars, bool AllRead) ReadNamedCalendars(YamlMapping? map)
        {
            var result = new Dictionary<string, NamedCalendar>(StringComparer.Ordinal);
            var allRead = true;
            foreach (var (key, value) in map?.Entries ?? [])
            {
                var name = key.Value.Trim();
                if (value is not YamlMapping block)
                {
                    allRead = false;
                    Error(value.Position, DiagnosticCodes.WrongType, $"calendar '{name}' under 'calendars' must be a block like 'calendar:', not {value.Describe}",
                        "give it 'timezone', 'hours', 'public-holidays' and 'closures', e.g. hours: { monday: \"09:00-19:00\" }");
                    continue;
                }

                if (ReadCalendar(block, $"calendar '{name}'") is { } calendar)
                {
                    result[name] = new NamedCalendar(name, calendar, key.Position);
                }
                else
                {
                    allRead = false;
                }
            }

            return (result, allRead);
        }

        /// <summary>
        /// Reads a calendar block (time zone, weekly hours, public holidays, closures): the flow's <c>calendar:</c> or
        /// one of <c>calendars:</c>. Without <c>calendar:</c>, the line is open Monday–Friday 09:00–17:00 Europe/Paris
        /// except French public holidays.
        /// </summary>
        private BusinessCalendar? ReadCalendar(YamlMapping map, string context)
        {
            var reader = Reader(map, context);
            var zoneNode = reader.Scalar("timezone", required: false);
            var zone = TimeZoneInfo.Utc;
            var zoneId = zoneNode?.Value.Trim() ?? "Europe/Paris";
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found))
            {
                Error(zoneNode?.Position ?? map.Position, DiagnosticCodes.InvalidValue, $"{context}: unknown time zone '{zoneId}'", "use an IANA name such as 'Europe/Paris'");
            }
            else
            {
                zone = found;
            }

            var hours = ReadWeeklyHours(reader.Mapping("hours", required: true), context);
            var holidaysNode = reader.Scalar("public-holidays", required: false);
            var holidays = holidaysNode?.Value.Trim() ?? "france";
            if (holidays is not ("france" or "france-alsace-moselle" or "none"))
            {
                Error(holidaysNode!.Position, DiagnosticCodes.InvalidValue, $"'public-holidays' of {context} must be 'france', 'france-alsace-moselle' or 'none', not '{holidays}'");
            }

            var closures = ReadClosures(reader.Node("closures"));
            reader.ReportUnknownKeys();
            return hours is null
                ? null
                : new BusinessCalendar(zone, hours, frenchPublicHolidays: holidays != "none", closures, alsaceMoselle: holidays == "france-alsace-moselle");
        }

        private WeeklyHours? ReadWeeklyHours(YamlMapping? map, string context)
        {
            if (map is null)
            {
                return null;
            }

            var days = new Dictionary<DayOfWeek, IReadOnlyList<OpeningInterval>>();
            foreach (var (key, value) in map.Entries)
            {
                if (!Days.TryGetValue(key.Value, out var day))
                {
                    Error(key.Position, DiagnosticCodes.UnknownKey, $"unknown day '{key.Value}' in 'hours' of {context}", "use monday, tuesday, wednesday, thursday, friday, saturday, sunday");
                    continue;
                }

                var texts = value switch
                {
                    YamlScalar { IsNull: true } => [],
                    YamlScalar s when s.Value.Trim() == "closed" => [],
                    YamlScalar s => [s],
                    YamlSequence seq => seq.Items.OfType<YamlScalar>().ToList(),
                    _ => null,
                };
                if (texts is null || (value is YamlSequence list && texts.Count != list.Items.Count))
                {
                    Error(value.Position, DiagnosticCodes.WrongType, $"'{key.Value}' must be a time range like \"09:00-17:00\", a list of them, or 'closed'");
                    continue;
                }

                var intervals = new List<OpeningInterval>();
                foreach (var text in texts)
                {
                    if (TryParseInterval(text.Value, out var interval))
                    {
                        intervals.Add(interval);
                    }
                    else
                    {
                        Error(text.Position, DiagnosticCodes.InvalidValue, $"'{text.Value}' is not a time range", "write it as \"09:00-17:00\" (24-hour clock, start before end)");
                    }
                }

                var sorted = intervals.OrderBy(i => i.Start).ToList();
                for (var i = 1; i < sorted.Count; i++)
                {
                    if (sorted[i].Start < sorted[i - 1].End)
                    {
                        Error(value.Position, DiagnosticCodes.InvalidValue, $"the time ranges of '{key.Value}' overlap", "make each range end before the next starts");
                    }
                }

                days[day] = sorted;
            }

            return new WeeklyHours(days);
        }

        private static bool TryParseInterval(string text, out OpeningInterval interval)
        {
            interval = default;
            var parts = text.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2
                || !TimeOnly.TryParseExact(parts[0], ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                return false;
            }

            TimeOnly end;
            if (parts[1] == "24:00")
            {
                end = TimeOnly.MaxValue;
            }
            else if (!TimeOnly.TryParseExact(parts[1], ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out end))
            {
                return false;
            }

            if (start >= end)
            {
                return false;
            }

            interval = new OpeningInterval(start, end);
            return true;
        }

        private List<Closure> ReadClosures(YamlNode? node)
        {
            var closures = new List<Closure>();
            if (node is null or YamlScalar { IsNull: true })
            {
                return closures;
            }

            if (node is not YamlSequence list)
            {
                Error(node.Position, DiagnosticCodes.WrongType, "'closures' must be a list of '- date: 2026-12-24' (or from/to) entries with a 'reason'");
                return closures;
            }

            foreach (var item in list.Items)
            {
                if (item is not YamlMapping map)
                {
                    Error(item.Position, DiagnosticCodes.WrongType, "each closure must be a block with 'date' (or 'from' and 'to') and 'reason'");
                    continue;
                }

                var reader = Reader(map, "a closure");
                var reason = reader.Text("reason", required: true) ?? "fermeture";
                DateOnly? from, to;
                if (reader.Has("date"))
                {
                    from = to = ReadDate(reader, "date");
                }
                else
                {
                    from = ReadDate(reader, "from");
                    to = ReadDate(reader, "to");
                }

                reader.ReportUnknownKeys();
                if (from is null || to is null)
                {
                    continue;
                }

                if (to < from)
                {
                    Error(map.Position, DiagnosticCodes.InvalidValue, $"closure '{reason}' ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
                    continue;
                }

                closures.Add(new Closure(from.Value, to.Value, reason));
            }

            return closures;
        }

        private DateOnly? ReadDate(MappingReader reader, string key)
        {
            var scalar = reader.Scalar(key, required: true);
            if (scalar is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(scalar.Value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Error(scalar.Position, DiagnosticCodes.InvalidValue, $"'{scalar.Value}' is not a date", "write dates as 2026-12-24");
            return null;
        }
    }
}
