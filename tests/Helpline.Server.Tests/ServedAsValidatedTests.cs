using CsCheck;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Core.Flows.Simulation;
using Helpline.Data.Calls;
using Helpline.Server.Testing;
using Helpline.Server.Tests.Parity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Helpline.Server.Tests;

/// <summary>
/// What <c>validate</c> accepts, the server serves, and as <c>simulate</c> says: generated flows (see
/// <see cref="FlowGenerator"/>) go through the loader and validator; each one it accepts is published to the running
/// server (the reloader, as a saved file would be) and called several times, each call driven with the same caller
/// inputs through <see cref="CallSimulator"/> and through the server's signed webhooks (<see cref="ProviderCall"/>).
/// Both must end in the same state with the same outcome, dial the same numbers, say the same words, and the server
/// must never fall back to the emergency answer nor give the provider anything it refuses. Each flow the validator
/// refuses must be refused by the server's reload too, the last good version serving on.
/// </summary>
/// <remarks>
/// One server for the class (<see cref="ParityServer"/>): flows are swapped by rewriting its flow file. Seeded
/// (<see cref="DefaultSeed"/>, <see cref="DefaultFlows"/> flows of <see cref="CallsPerFlow"/> calls):
/// <c>HELPLINE_PARITY_SEED</c> replays another seed, <c>HELPLINE_PARITY_FLOWS</c> sets how many flows are generated. A
/// failure names the seed of the failing flow, which replays it first (<c>HELPLINE_PARITY_FLOWS=1</c> alone).
/// </remarks>
public sealed class ServedAsValidatedTests : IClassFixture<ParityServer>
{
    private const string DefaultSeed = "0ServedAsValid";
    private const int DefaultFlows = 300;
    private const int CallsPerFlow = 4;
    private const int MaxInputs = 15;

    private readonly ParityServer _server;
    private readonly ITestOutputHelper _output;

    public ServedAsValidatedTests(ParityServer server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    private HelplineApp App => _server.App;

    [Fact]
    public async Task Menu_leading_to_a_state_with_a_201_character_name_is_served_as_simulated()
    {
        var longName = new string('m', 201);
        var yaml = $$"""
            flow: long-names
            start: accueil
            destinations:
              police: "17"
              vfi: "3919"
            emergency:
              prompt: Composez le 17.
              transfer-to: vfi
            states:
              accueil:
                type: menu
                prompt: Tapez 1.
                choices:
                  "1": {{longName}}
                on-timeout: fin
              {{longName}}:
                type: menu
                prompt: Tapez 1 pour la police.
                choices:
                  "1": police
                on-timeout: police
              police:
                type: transfer
                to: police
                announce: Le 17.
                answered: fin
                failed: echec
              echec:
                type: message
                prompt: Composez le 17.
                next: fin
              fin:
                type: hangup
                prompt: Au revoir.
            """;

        var flow = await _server.PublishAsync(new GeneratedFlow(yaml, [], "201-character state name"));

        Assert.NotNull(flow);
        var (simulated, served) = await CallBothAsync(flow, ["1", "1", "answered"], "answered", "answered");
        Assert.Equal(("fin", "transferred:police"), (simulated.EndState, simulated.Outcome));
        await AssertServedAsSimulatedAsync(flow, simulated, served, "201-character state name");
    }

    [Fact]
    public async Task Menu_that_replays_itself_on_silence_is_served_past_100_replays_as_simulated()
    {
        var flow = await _server.PublishAsync(new GeneratedFlow("""
            flow: replays
            start: accueil
            destinations:
              vfi: "3919"
            emergency:
              prompt: Composez le 17.
              transfer-to: vfi
            states:
              accueil:
                type: menu
                prompt: Tapez 1.
                no-input-prompt: Nous n'avons rien entendu.
                choices:
                  "1": vfi
                on-timeout: accueil
              vfi:
                type: transfer
                to: vfi
                announce: Le 39 19.
                answered: fin
                failed: fin
              fin:
                type: hangup
                prompt: Au revoir.
            """, [], "menu replaying itself"));

        Assert.NotNull(flow);
        var (simulated, served) = await CallBothAsync(flow, [.. Enumerable.Repeat("timeout", 120), "1", "answered"], "answered", "answered");
        Assert.Equal(("fin", "transferred:vfi"), (simulated.EndState, simulated.Outcome));
        await AssertServedAsSimulatedAsync(flow, simulated, served, "menu replaying itself 120 times");
    }

    [Fact]
    public async Task Recording_the_provider_cannot_play_is_spoken_by_the_server_as_by_simulate()
    {
        var flow = await _server.PublishAsync(new GeneratedFlow("""
            flow: formats
            start: accueil
            destinations:
              vfi: "3919"
            emergency:
              prompt: Composez le 17.
              transfer-to: vfi
            states:
              accueil:
                type: message
                prompt:
                  audio: prompts/accueil.m4a
                  text: Bonjour.
                next: fin
              fin:
                type: hangup
                prompt:
                  audio: prompts/sub//./fin.wav
                  text: Au revoir.
            """, ["prompts/accueil.m4a", "prompts/sub/fin.wav"], "recording formats"));

        Assert.NotNull(flow);
        var (simulated, served) = await CallBothAsync(flow, [], "answered", "answered");
        Assert.Equal(["Bonjour.", "[prompts/sub/fin.wav]"], served.Heard);
        await AssertServedAsSimulatedAsync(flow, simulated, served, "recording formats");
        using var m4a = await App.CreateClient().GetAsync("/prompts/accueil.m4a");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, m4a.StatusCode);
    }

    [Fact]
    public async Task Every_flow_validate_accepts_ends_its_calls_on_the_server_where_simulate_ends_them()
    {
        var seed = Environment.GetEnvironmentVariable("HELPLINE_PARITY_SEED") is { Length: > 0 } chosen ? chosen : DefaultSeed;
        var flows = int.TryParse(Environment.GetEnvironmentVariable("HELPLINE_PARITY_FLOWS"), out var count) && count > 0 ? count : DefaultFlows;
        var pcg = PCG.Parse(seed);
        var (accepted, refused, calls, inputs) = (0, 0, 0, 0);
        var (longNames, unicodeNames, largestFlow, played, largestAnswer) = (0, 0, 0, 0, 0);
        var ends = new Dictionary<string, int>(StringComparer.Ordinal);
        var refusals = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < flows; i++)
        {
            var flowSeed = pcg.ToString();
            var generated = new FlowGenerator(pcg).Next();
            var context = $"seed {flowSeed} (flow {i} of seed {seed}): {generated.Description}";
            var flow = await _server.PublishAsync(generated, context);
            if (flow is null)
            {
                refused++;
                foreach (var code in FlowLoader.LoadFile(_server.FlowFile).Errors.Select(e => e.Code).Distinct())
                {
                    refusals[code] = refusals.GetValueOrDefault(code) + 1;
                }

                continue;
            }

            accepted++;
            longNames += flow.Definition.States.Any(s => s.Name.Length > 200) ? 1 : 0;
            unicodeNames += flow.Definition.States.Any(s => s.Name.Any(ch => ch > '~')) ? 1 : 0;
            largestFlow = Math.Max(largestFlow, flow.Definition.States.Count);
            for (var c = 0; c < CallsPerFlow; c++)
            {
                string[] outcomes = ["answered", "busy", "no-answer", "failed"];
                var dialDefault = outcomes[pcg.Next((uint)outcomes.Length)];
                var queueDefault = pcg.Next(2) == 0 ? "answered" : "overflow";
                var recorded = new List<string?>();
                var simulated = CallSimulator.Run(flow, App.Time.GetUtcNow(), steps =>
                {
                    var input = recorded.Count(r => r is not null) >= MaxInputs ? null : PickInput(flow, steps, pcg);
                    recorded.Add(input);
                    return input;
                }, dialDefault, queueDefault);
                var served = await ServeAsync(recorded, dialDefault, queueDefault);
                await AssertServedAsSimulatedAsync(flow, simulated, served,
                    $"{context}, call {c} (inputs {string.Join(",", recorded.Select(r => r ?? "(none)"))}; dial {dialDefault}, queue {queueDefault})");
                calls++;
                inputs += recorded.Count(r => r is not null);
                played += served.Heard.Count(h => h.StartsWith("[prompts/", StringComparison.Ordinal));
                largestAnswer = Math.Max(largestAnswer, served.LargestAnswer);
                var end = simulated.Ended ? "flow hung up" : simulated.Steps[^1].Kind == "hangs-up" ? "caller hung up" : "inputs ran out";
                ends[end] = ends.GetValueOrDefault(end) + 1;
            }
        }

        _output.WriteLine($"seed {seed}: {flows} flows, {accepted} accepted, {refused} refused; {calls} calls, {inputs} inputs; ends: {string.Join(", ", ends.Select(e => $"{e.Value} {e.Key}"))}; refused for: {string.Join(", ", refusals.Select(r => $"{r.Key} x {r.Value}"))}");
        _output.WriteLine($"accepted flows with a state name over 200 characters: {longNames}, with names beyond ASCII: {unicodeNames}; largest accepted flow: {largestFlow} states; recordings played: {played}; largest answer: {largestAnswer:N0} bytes");
        Assert.True(accepted >= flows / 2 && refused >= flows / 20, $"the generator should give mostly valid flows and some invalid ones: {accepted} accepted, {refused} refused");
    }

    private async Task<(SimulationResult Simulated, ProviderCall Served)> CallBothAsync(CompiledFlow flow, string[] inputs, string dialDefault, string queueDefault)
    {
        var recorded = new List<string?>();
        var queue = new Queue<string>(inputs);
        var simulated = CallSimulator.Run(flow, App.Time.GetUtcNow(), _ =>
        {
            var input = queue.Count > 0 ? queue.Dequeue() : null;
            recorded.Add(input);
            return input;
        }, dialDefault, queueDefault);
        return (simulated, await ServeAsync(recorded, dialDefault, queueDefault));
    }

    private async Task<ProviderCall> ServeAsync(List<string?> recorded, string dialDefault, string queueDefault)
    {
        var call = new ProviderCall(App.Twilio(), HelplineApp.PublicBaseUrl);
        var next = 0;
        await call.RunAsync(() => next < recorded.Count ? recorded[next++] : null, dialDefault, queueDefault);
        return call;
    }

    private async Task AssertServedAsSimulatedAsync(CompiledFlow flow, SimulationResult simulated, ProviderCall served, string context)
    {
        var stored = await App.Services.GetRequiredService<CallStore>().GetAsync(served.CallSid, CancellationToken.None);
        var expectedHeard = simulated.Steps.Where(s => s.Kind == "hears").Select(s => HeardAs(s.Text)).ToList();
        var expectedDialled = simulated.Transfers.Select(d => flow.Definition.Destinations[d].Number).ToList();
        var problems = new List<string>();
        void Check(bool ok, string what)
        {
            if (!ok)
            {
                problems.Add(what);
            }
        }

        Check(stored is not null, "the server stored no call");
        Check(stored?.State == simulated.EndState, $"ends in state '{Shorten(stored?.State, 120)}' on the server, '{Shorten(simulated.EndState, 120)}' in simulate");
        Check(stored?.Outcome == simulated.Outcome, $"outcome '{stored?.Outcome}' on the server, '{simulated.Outcome}' in simulate");
        Check(served.Dialled.SequenceEqual(expectedDialled), $"dialled [{string.Join(", ", served.Dialled)}] on the server, [{string.Join(", ", expectedDialled)}] in simulate");
        Check(!served.EmergencyDial, "the server fell back to the emergency answer");
        Check(served.FlowEnded == simulated.Ended, $"the flow {(served.FlowEnded ? "ended" : "did not end")} the call on the server, {(simulated.Ended ? "ended" : "did not end")} it in simulate");
        Check(served.CallerHungUp == (simulated.Steps[^1].Kind == "hangs-up"), "the caller hung up on one side only");
        var firstDifference = Enumerable.Range(0, Math.Max(served.Heard.Count, expectedHeard.Count))
            .FirstOrDefault(i => i >= served.Heard.Count || i >= expectedHeard.Count || served.Heard[i] != expectedHeard[i], -1);
        Check(firstDifference < 0, $"heard differently from item {firstDifference}: server '{Shorten(served.Heard.ElementAtOrDefault(firstDifference), 200)}', simulate '{Shorten(expectedHeard.ElementAtOrDefault(firstDifference), 200)}'");
        problems.AddRange(served.Violations.Select(v => "provider: " + v));
        var emergencies = App.Logs.Lines.Where(l => l.Contains(served.CallSid, StringComparison.Ordinal) && (l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal))).ToList();
        Check(emergencies.Count == 0, "the server logged errors: " + string.Join("\n", emergencies.Select(e => Shorten(e, 400))));
        Assert.True(problems.Count == 0,
            $"{context}\n{string.Join("\n", problems.Select(p => "- " + p))}\nsimulate:\n{string.Join("\n", simulated.Steps.Select(s => "  " + Shorten(s.ToString(), 200)))}\n"
            + $"server:\n{string.Join("\n", served.Answers.Select(a => "  " + a))}\nflow:\n{Shorten(flow.Content, 6000)}");
    }

    /// <summary>A transcript line as the provider would render it: spoken text as is, a recording as <c>[prompts/file]</c>.</summary>
    private static string HeardAs(string transcript)
    {
        var at = transcript.IndexOf(" [prompts/", StringComparison.Ordinal);
        return at >= 0 && transcript.EndsWith(']') ? transcript[(at + 1)..] : transcript;
    }

    /// <summary>What a caller does where the simulated call waits: mostly what the state expects, sometimes not.</summary>
    private static string? PickInput(CompiledFlow flow, IReadOnlyList<SimulationStep> steps, PCG pcg)
    {
        var roll = pcg.Next(100);
        switch (flow.Definition.FindState(steps[^1].State))
        {
            case MenuState menu:
                if (roll < 65)
                {
                    var keys = menu.Choices[(int)pcg.Next((uint)menu.Choices.Count)].Keys;
                    return pcg.Next(10) == 0 ? keys + "#" : keys;
                }

                if (roll < 77)
                {
                    return "timeout";
                }

                if (roll < 85)
                {
                    var length = menu.FixedDigitCount ?? (int)pcg.Next(3) + 1;
                    var invalid = new string(Enumerable.Range(0, length).Select(_ => "0123456789*"[(int)pcg.Next(11)]).ToArray());
                    return menu.Choices.Any(c => c.Keys == invalid) ? "#" : invalid;
                }

                return roll < 90 ? "hangup" : null;
            case TransferState:
                string[] outcomes = ["answered", "busy", "no-answer", "failed"];
                return roll < 85 ? outcomes[pcg.Next(4)] : roll < 90 ? "hangup" : null;
            case QueueState:
                return roll < 85 ? (pcg.Next(2) == 0 ? "answered" : "overflow") : roll < 90 ? "hangup" : null;
            default:
                return null;
        }
    }

    private static string? Shorten(string? text, int max) => text is null || text.Length <= max ? text : text[..max] + $"… ({text.Length} characters)";
}
