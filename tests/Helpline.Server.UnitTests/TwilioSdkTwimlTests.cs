using System.Xml.Linq;
using Helpline.Core.Flows;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Core.Voice;
using Helpline.Server.Hosting;
using Helpline.Server.Testing;
using Helpline.Server.Voice;
using Twilio.TwiML.Voice;
using Xunit.Abstractions;
using Ours = Helpline.Twilio.TwiML;
using SdkMethod = Twilio.Http.HttpMethod;
using Sdk = Twilio.TwiML;

namespace Helpline.Server.UnitTests;

/// <summary>
/// A second opinion on our TwiML from Twilio's own SDK (test projects only: DESIGN.md, "Why our own Twilio layer"). Every
/// document the default flow can produce — each answer found by walking the flow with the engine from its start, open and
/// closed, through every trigger of every state it reaches (menus with their notices, replays, transfers, the queue,
/// hang-ups), the repeated answer of each position, the emergency fallback, the hold answers with and without an
/// announcement, Leave, the empty and hang-up answers, and the worker's leg (the dial with its whisper URL, each
/// whisper) — is rendered by our <see cref="TwimlRenderer"/> and written again with the SDK's <c>VoiceResponse</c> for
/// the same verbs; both must mean the same: same verbs in the same order and nesting, same attributes with the same
/// values, same text (parsed XML, not strings).
/// </summary>
public sealed class TwilioSdkTwimlTests(ITestOutputHelper output)
{
    private const string Base = HelplineApp.PublicBaseUrl;

    private static readonly CompiledFlow Flow = CompiledFlow.Compile(FlowLoader.LoadFile(Path.Combine(HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml")));

    private static readonly VoiceRoutes Routes = new(Microsoft.Extensions.Options.Options.Create(new HelplineOptions { PublicBaseUrl = Base }));

    private static readonly TwimlRenderer Renderer = new(Routes);

    private static readonly Lazy<Walk> Walked = new(WalkTheFlow);

    public static TheoryData<string> Documents() => new(Walked.Value.Cases.Keys);

    [Theory]
    [MemberData(nameof(Documents))]
    public void Our_document_means_what_the_sdk_writes_for_the_same_verbs(string name)
    {
        var (ours, sdk) = Walked.Value.Cases[name]();

        Assert.Equal(Canonical(sdk), Canonical(ours));
    }

    [Fact]
    public void The_walk_reaches_every_state_and_every_kind_of_answer()
    {
        var (cases, entered) = Walked.Value;
        output.WriteLine($"{cases.Count} documents compared");
        Assert.Equal(Flow.Definition.States.Select(s => s.Name).Order(StringComparer.Ordinal), entered.Order(StringComparer.Ordinal));

        var verbs = cases.Values.SelectMany(c => XDocument.Parse(c().Ours).Descendants()).Select(e => e.Name.LocalName).ToHashSet();
        Assert.Superset(new HashSet<string> { "Say", "Play", "Gather", "Redirect", "Dial", "Number", "Enqueue", "Pause", "Leave", "Hangup" }, verbs);
    }

    /// <summary>
    /// A document's meaning: each element with its attributes (sorted by name) and its text, children in order. The XML
    /// declaration, attribute order, whitespace between elements and character escaping are the writers' own business.
    /// </summary>
    private static string Canonical(string xml)
    {
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal("Response", root.Name.LocalName);
        return string.Join("\n", Lines(root, 0));
    }

    private static IEnumerable<string> Lines(XElement element, int depth)
    {
        var attributes = string.Join(" ", element.Attributes().OrderBy(a => a.Name.LocalName, StringComparer.Ordinal).Select(a => $"{a.Name.LocalName}=\"{a.Value}\""));
        var text = string.Concat(element.Nodes().OfType<XText>().Select(t => t.Value));
        yield return $"{new string(' ', depth * 2)}<{element.Name}{(attributes.Length > 0 ? " " + attributes : string.Empty)}>{text}";
        foreach (var line in element.Elements().SelectMany(child => Lines(child, depth + 1)))
        {
            yield return line;
        }
    }

    /// <summary>Every document, by a name that says where in the flow it is produced, with both writers' XML; and every state the walk entered.</summary>
    private static Walk WalkTheFlow()
    {
        var cases = new Dictionary<string, Func<(string Ours, string Sdk)>>(StringComparer.Ordinal);
        var entered = new HashSet<string>(StringComparer.Ordinal);
        void Add(string name, IReadOnlyList<VoiceInstruction> instructions, StepToken? token) =>
            cases.TryAdd(name, () => (Renderer.Render(Flow, instructions, token, transferCallerId: null), Sdk(instructions, token)));

        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var contexts = new Dictionary<string, FlowContext>
        {
            ["open"] = new(HelplineApp.TuesdayMorning),
            ["closed"] = new(TimeZoneInfo.ConvertTime(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.FromHours(1)), paris)), // a Sunday, the 116 006 open
            ["night"] = new(TimeZoneInfo.ConvertTime(new DateTimeOffset(2026, 11, 29, 20, 0, 0, TimeSpan.FromHours(1)), paris)), // the same Sunday, the 116 006 closed
        };
        var step = 1;
        var seen = new HashSet<CallPosition>();
        var waiting = new Queue<CallPosition>();
        foreach (var (hours, context) in contexts)
        {
            var start = Flow.Start(context);
            entered.UnionWith(start.Transitions.Select(t => t.To));
            Add($"start ({hours}) -> [{start.Position.State}] #{start.Position.MenuReplays}", start.Instructions, Token(start.Position, step++));
            if (seen.Add(start.Position))
            {
                waiting.Enqueue(start.Position);
            }
        }

        while (waiting.TryDequeue(out var position))
        {
            var state = Flow.Definition.FindState(position.State)!;
            Add($"[{position.State}] #{position.MenuReplays} repeated", Flow.Current(position), Token(position, step++));
            foreach (var trigger in state.Transitions.Select(t => t.Trigger).Distinct(StringComparer.Ordinal))
            {
                foreach (var (hours, context) in contexts)
                {
                    var next = Flow.Fire(position, trigger, context);
                    if (next.Ignored)
                    {
                        continue;
                    }

                    entered.UnionWith(next.Transitions.Select(t => t.To));

                    Add($"[{position.State}] #{position.MenuReplays} {trigger} ({hours}) -> [{next.Position.State}] #{next.Position.MenuReplays}", next.Instructions, Token(next.Position, step++));
                    if (seen.Add(next.Position))
                    {
                        waiting.Enqueue(next.Position);
                    }
                }
            }

            if (state is QueueState queue)
            {
                cases.TryAdd($"[{queue.Name}] hold", () => (Renderer.Hold(Flow, position), SdkHold(position, null)));
                var announcement = queue.Announcements?.For(2, new Helpline.Core.Queue.WaitEstimate(3, 6)) ?? "Vous êtes en position 2.";
                cases.TryAdd($"[{queue.Name}] hold with announcement", () => (Renderer.Hold(Flow, position, announcement), SdkHold(position, announcement)));
                AddWorkerLeg(cases, queue, Token(position, step++));
            }
        }

        Add("emergency fallback", Flow.EmergencyFallback(), token: null);
        cases.TryAdd("leave", () => (TwimlRenderer.Leave(), new Sdk.VoiceResponse().Leave().ToString()));
        cases.TryAdd("empty", () => (TwimlRenderer.Empty(), new Sdk.VoiceResponse().ToString()));
        cases.TryAdd("hang-up", () => (TwimlRenderer.Hangup(), new Sdk.VoiceResponse().Hangup().ToString()));
        return new Walk(cases, entered);
    }

    private static StepToken Token(CallPosition position, int step) => new(Flow.Hash, position.State, step, position.MenuReplays);

    /// <summary>
    /// The worker's leg, written with our <see cref="Ours.VoiceResponse"/> as the agents' routes write it: the dial of the
    /// worker's phone (showing the helpline's number) with the whisper URL, then each whisper — for a menu choice, for
    /// no choice, for a caller gone (then the worker's leg ends), and the empty one (connect without a word).
    /// </summary>
    private static void AddWorkerLeg(Dictionary<string, Func<(string Ours, string Sdk)>> cases, QueueState queue, StepToken token)
    {
        const string phone = "+33611111111";
        const string callerId = "+33320000000";
        var offer = new Helpline.Server.Agents.OfferToken(1, phone, "4", DateTimeOffset.FromUnixTimeSeconds(1796000000), token, 1);
        var action = Routes.AgentResultUrl(offer);
        var whisperUrl = Routes.WhisperUrl(offer, "CA0123456789abcdef0123456789abcdef");
        cases.TryAdd($"[{queue.Name}] worker's dial", () => (
            new Ours.VoiceResponse().Dial(phone, new Ours.DialOptions { Action = action, Method = "POST", Timeout = 20, CallerId = callerId }, whisperUrl, "POST").ToXml(),
            new Sdk.VoiceResponse().Append(new Dial(action: new Uri(action), method: SdkMethod.Post, timeout: 20, callerId: callerId).Number(phone, url: new Uri(whisperUrl), method: SdkMethod.Post)).ToString()));
        var (language, voice) = (Flow.Definition.Language, Flow.Definition.Voice);
        var choices = Flow.Definition.States.OfType<MenuState>().SelectMany(m => m.Choices).Select(c => c.Keys).Distinct(StringComparer.Ordinal).Append(null);
        foreach (var keys in choices)
        {
            if (queue.WhisperFor(keys, 190) is { } whisper)
            {
                cases.TryAdd($"[{queue.Name}] whisper, choice {keys ?? "none"}", () => (
                    new Ours.VoiceResponse().Say(whisper, language, voice).ToXml(),
                    new Sdk.VoiceResponse().Say(whisper, voice: voice is null ? null : (Say.VoiceEnum)voice, language: language).ToString()));
            }
        }

        if (queue.WhisperCallerGone is { } gone)
        {
            cases.TryAdd($"[{queue.Name}] whisper, caller gone", () => (
                new Ours.VoiceResponse().Say(gone, language, voice).Hangup().ToXml(),
                new Sdk.VoiceResponse().Say(gone, voice: voice is null ? null : (Say.VoiceEnum)voice, language: language).Hangup().ToString()));
        }
    }

    /// <summary>The SDK's document for the instructions, with the choices our renderer makes (routes, POST, DTMF, a Redirect after a Gather).</summary>
    private static string Sdk(IReadOnlyList<VoiceInstruction> instructions, StepToken? token)
    {
        var response = new Sdk.VoiceResponse();
        Uri? Route(string path) => token is null ? null : new Uri(Routes.Url(path, token));
        foreach (var instruction in instructions)
        {
            switch (instruction)
            {
                case SayInstruction or PlayInstruction:
                    Prompt(response, instruction);
                    break;
                case GatherInstruction gather:
                    var element = new Gather(input: [Gather.InputEnum.Dtmf], action: Route("/voice/gather"), method: SdkMethod.Post, timeout: gather.TimeoutSeconds, numDigits: gather.NumDigits, actionOnEmptyResult: true);
                    foreach (var prompt in gather.Prompt)
                    {
                        Prompt(element, prompt);
                    }

                    response.Append(element);
                    if (Route("/voice/gather") is { } again)
                    {
                        response.Redirect(again, SdkMethod.Post);
                    }

                    break;
                case DialInstruction dial:
                    response.Dial(dial.Number, action: Route("/voice/dial"), method: token is null ? null : SdkMethod.Post, timeout: dial.RingSeconds);
                    break;
                case EnqueueInstruction enqueue:
                    response.Enqueue(enqueue.QueueName, action: Route("/voice/queue"), method: SdkMethod.Post, waitUrl: Route("/voice/queue/wait"), waitUrlMethod: SdkMethod.Post);
                    break;
                case HangupInstruction:
                    response.Hangup();
                    break;
            }
        }

        return response.ToString();
    }

    private static string SdkHold(CallPosition position, string? announcement)
    {
        var response = new Sdk.VoiceResponse();
        if (announcement is not null)
        {
            response.Say(announcement, voice: Flow.Definition.Voice is null ? null : (Say.VoiceEnum)Flow.Definition.Voice, language: Flow.Definition.Language);
        }

        foreach (var enqueue in Flow.Current(position).OfType<EnqueueInstruction>())
        {
            Prompt(response, enqueue.Hold);
            response.Pause(length: 2);
        }

        return response.ToString();
    }

    private static void Prompt(Sdk.TwiML parent, VoiceInstruction prompt)
    {
        switch (prompt)
        {
            case SayInstruction say:
                parent.Append(new Say(say.Text, voice: say.Voice is null ? null : (Say.VoiceEnum)say.Voice, language: say.Language));
                break;
            case PlayInstruction play:
                parent.Append(new Play(new Uri($"{Base}/prompts/{string.Join('/', play.PromptFile.Split('/').Select(Uri.EscapeDataString))}")));
                break;
        }
    }

    private sealed record Walk(Dictionary<string, Func<(string Ours, string Sdk)>> Cases, HashSet<string> Entered);
}
