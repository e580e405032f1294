using System.Text;
using Helpline.Core.Calendar;
using Helpline.Core.Flows.Diagnostics;
using Helpline.Core.Flows.Loading;

namespace Helpline.Core.Flows.Simulation;

/// <summary>
/// Reads a scenario file, reporting mistakes with file:line:col like the flow validator. The file is read with the flow
/// it names, because a scenario's <c>at:</c> without an offset is that flow's local time (<c>calendar.timezone</c>,
/// see <see cref="LocalInstant"/>).
/// </summary>
public static class ScenarioLoader
{
    /// <summary>
    /// The flow the file names (resolved against the scenario file's folder, loaded with <paramref name="options"/>;
    /// null when the file names none), the scenarios, and every problem: the scenario file's, then the flow's errors.
    /// When the flow cannot be loaded, times without an offset are read in Europe/Paris, the default calendar's zone.
    /// </summary>
    public static (FlowLoadResult? Flow, IReadOnlyList<Scenario> Scenarios, IReadOnlyList<FlowDiagnostic> Problems) LoadFile(string path, FlowLoadOptions? options = null)
    {
        var problems = new List<FlowDiagnostic>();
        void Error(SourcePosition at, string code, string message, string? hint) => problems.Add(new FlowDiagnostic(path, at, DiagnosticSeverity.Error, code, message, hint));
        string text;
        try
        {
            text = File.ReadAllText(path, new UTF8Encoding(false, true));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            Error(SourcePosition.Start, DiagnosticCodes.Syntax, $"cannot read the scenario file: {ex.Message}", null);
            return (null, [], problems);
        }

        if (new YamlTreeReader(path, problems).Read(text) is not YamlMapping root)
        {
            if (problems.Count == 0)
            {
                Error(SourcePosition.Start, DiagnosticCodes.WrongType, "a scenario file must be a block with 'flow' and 'scenarios'", null);
            }

            return (null, [], problems);
        }

        var reader = new MappingReader(root, "the scenario file", Error);
        var flow = reader.Text("flow", required: true);
        var list = reader.Node("scenarios");
        reader.ReportUnknownKeys();
        var flowPath = flow is null ? null : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", flow));
        var load = flowPath is null ? null : FlowLoader.LoadFile(flowPath, options);
        var scenarios = new List<Scenario>();
        if (list is not YamlSequence items)
        {
            Error(list?.Position ?? root.Position, DiagnosticCodes.MissingKey, "the scenario file needs 'scenarios:', a list", "start each scenario with '- name: …'");
            return (load, [], [.. problems, .. load?.Errors ?? []]);
        }

        var zone = load?.Flow?.Calendar.Zone ?? BusinessCalendar.FrenchOfficeHours.Zone;
        foreach (var item in items.Items)
        {
            if (item is not YamlMapping map)
            {
                Error(item.Position, DiagnosticCodes.WrongType, "each scenario must be a block starting with 'name:'", null);
                continue;
            }

            if (Read(map, zone, Error) is { } scenario)
            {
                scenarios.Add(scenario);
            }
        }

        return (load, scenarios, [.. problems, .. load?.Errors ?? []]);
    }

    private static Scenario? Read(YamlMapping map, TimeZoneInfo zone, Action<SourcePosition, string, string, string?> error)
    {
        var reader = new MappingReader(map, "a scenario", error);
        var name = reader.Text("name", required: true) ?? "(unnamed)";
        var atNode = reader.Scalar("at", required: true);
        var inputs = Strings(reader.Node("inputs"), "inputs", error);
        var overrideNode = reader.Scalar("override", required: false);
        var dial = reader.Text("dial", required: false) ?? "answered";
        var queue = reader.Text("queue", required: false) ?? "answered";
        var expect = reader.Mapping("expect", required: true);
        reader.ReportUnknownKeys();
        if (atNode is null || expect is null)
        {
            return null;
        }

        var at = LocalInstant.Parse(atNode.Value, zone);
        if (!at.Succeeded)
        {
            error(atNode.Position, DiagnosticCodes.InvalidValue, $"'at': {at.Error}", at.Fix);
            return null;
        }

        HoursOverrideMode? hoursOverride = null;
        if (overrideNode is not null)
        {
            hoursOverride = overrideNode.Value.Trim() switch
            {
                "open" => HoursOverrideMode.Open,
                "closed" => HoursOverrideMode.Closed,
                _ => null,
            };
            if (hoursOverride is null)
            {
                error(overrideNode.Position, DiagnosticCodes.InvalidValue, $"'override' must be 'open' or 'closed', not '{overrideNode.Value.Trim()}'",
                    "it plays the call as if /api/hours/override had opened or closed the line; leave it out for the calendar alone");
                return null;
            }
        }

        foreach (var (value, position) in new[] { (dial, map.Position), (queue, map.Position) })
        {
            if (!CallSimulator.Outcomes.Contains(value))
            {
                error(position, DiagnosticCodes.InvalidValue, $"'{value}' is not an outcome", "use answered, busy, no-answer, failed or overflow");
                return null;
            }
        }

        var expectations = new MappingReader(expect, $"'expect' of scenario '{name}'", error);
        var states = expectations.Node("states") is { } statesNode ? Strings(statesNode, "states", error) : null;
        var hears = expectations.Node("hears") switch
        {
            null => [],
            YamlScalar s => [s.Value],
            var node => Strings(node, "hears", error),
        };
        var scenario = new Scenario
        {
            Name = name,
            Position = map.Position,
            At = at.Instant,
            Override = hoursOverride,
            Inputs = inputs,
            Dial = dial,
            Queue = queue,
            ExpectStates = states,
            ExpectEndsIn = expectations.Text("ends-in", required: false),
            ExpectOutcome = expectations.Text("outcome", required: false),
            ExpectHears = hears,
            ExpectTransfersTo = expectations.Text("transfers-to", required: false),
            ExpectQueue = expectations.Text("queue", required: false),
            ExpectTags = expectations.Node("tags") is { } tagsNode ? Strings(tagsNode, "tags", error) : null,
        };
        expectations.ReportUnknownKeys();
        return scenario;
    }

    private static List<string> Strings(YamlNode? node, string key, Action<SourcePosition, string, string, string?> error)
    {
        switch (node)
        {
            case null or YamlScalar { IsNull: true }:
                return [];
            case YamlSequence list when list.Items.All(i => i is YamlScalar):
                return list.Items.Cast<YamlScalar>().Select(s => s.Value.Trim()).ToList();
            default:
                error(node.Position, DiagnosticCodes.WrongType, $"'{key}' must be a list of values, e.g. [\"1\", timeout, busy]", null);
                return [];
        }
    }
}
