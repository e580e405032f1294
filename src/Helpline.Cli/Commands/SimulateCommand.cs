using System.CommandLine;
using Helpline.Core.Calendar;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Core.Flows.Simulation;

namespace Helpline.Cli.Commands;

/// <summary>
/// <c>helpline simulate FILE --at INSTANT</c>: be the caller in the terminal. Prints what the caller hears, transfers,
/// queue joins and where the call ends; asks for keys (Enter alone = no key, <c>h</c> = hang up) unless
/// <c>--input 1,timeout,busy</c> gives them, with <c>--dial</c>/<c>--queue</c> deciding transfers and queues.
/// </summary>
public static class SimulateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextReader input, TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The flow file" };
        var at = new Option<string>("--at") { Description = "When the call happens (default: now): the flow's local time, e.g. 2026-11-24T10:00 (Europe/Paris), or with an offset, e.g. 2026-11-24T10:00:00+01:00" };
        var inputs = new Option<string>("--input") { Description = "Non-interactive: the caller's inputs in order, e.g. 1,timeout,busy,hangup" };
        var dial = new Option<string>("--dial") { Description = "Outcome of transfers not given in --input: answered, busy, no-answer, failed", DefaultValueFactory = _ => "answered" };
        var queue = new Option<string>("--queue") { Description = "Outcome of queues not given in --input: answered, overflow", DefaultValueFactory = _ => "answered" };
        var command = new Command("simulate", "Play a call through a flow in the terminal") { file, at, inputs, dial, queue };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(at), result.GetValue(inputs), result.GetValue(dial)!, result.GetValue(queue)!, input, output, error));
        return command;
    }

    /// <summary>
    /// Runs the simulation; returns the exit code (2 for a usage error, 1 for an invalid flow). <paramref name="at"/>
    /// without an offset is the flow's local time (<c>calendar.timezone</c>), so it is read once the flow is loaded: an
    /// invalid flow is reported first.
    /// </summary>
    public static int Run(string file, string? at, string? inputs, string dial, string queue, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        foreach (var (name, value) in new[] { ("--dial", dial), ("--queue", queue) })
        {
            if (!CallSimulator.Outcomes.Contains(value))
            {
                error.WriteLine($"error: {name} '{value}' is not an outcome; use answered, busy, no-answer, failed or overflow");
                return 2;
            }
        }

        var load = FlowLoader.LoadFile(file);
        if (!load.Succeeded)
        {
            foreach (var diagnostic in load.Errors)
            {
                error.WriteLine(diagnostic);
            }

            return 1;
        }

        var flow = CompiledFlow.Compile(load);
        var zone = flow.Definition.Calendar.Zone;
        var instant = DateTimeOffset.UtcNow;
        if (at is not null)
        {
            var parsed = LocalInstant.Parse(at, zone);
            if (!parsed.Succeeded)
            {
                error.WriteLine($"error: --at {parsed.Message}");
                return 2;
            }

            instant = parsed.Instant;
        }

        var queued = inputs is null ? null : new Queue<string>(inputs.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var printed = 0;
        void Print(IReadOnlyList<SimulationStep> steps)
        {
            for (; printed < steps.Count; printed++)
            {
                output.WriteLine(steps[printed]);
            }
        }

        output.WriteLine($"Call at {TimeZoneInfo.ConvertTime(instant, zone):yyyy-MM-dd HH:mm:ss zzz} ({zone.Id}) on {flow.Name} ({flow.ShortHash})");
        var result = CallSimulator.Run(flow, instant, steps =>
        {
            Print(steps);
            if (queued is not null)
            {
                return queued.Count > 0 ? queued.Dequeue() : null;
            }

            output.Write("keys (Enter = none, h = hang up, or answered/busy/no-answer/failed/overflow)> ");
            var line = input.ReadLine();
            return line switch
            {
                null => null,
                "" => "timeout",
                "h" => "hangup",
                _ => line.Trim(),
            };
        }, dial, queue);
        Print(result.Steps);
        output.WriteLine($"Call ends in '{result.EndState}'{(result.Ended ? string.Empty : " (not hung up by the flow)")}; outcome: {result.Outcome ?? "none"}"
            + (result.Tags.Count > 0 ? $"; tags: {string.Join(", ", result.Tags)}" : string.Empty));
        return 0;
    }
}
