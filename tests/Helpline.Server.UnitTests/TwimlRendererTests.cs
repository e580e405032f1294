using System.Xml.Linq;
using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Core.Voice;
using Helpline.Server.Hosting;
using Helpline.Server.Testing;
using Helpline.Server.Voice;

namespace Helpline.Server.UnitTests;

/// <summary>
/// The renderer on its own: each instruction of the flow engine becomes the TwiML verb the provider expects, every
/// action pointing back at our routes with the step's token (absolute on the public URL), and an answer without a token
/// (the emergency) carries no action at all, so the provider simply goes on to the next verb.
/// </summary>
public sealed class TwimlRendererTests
{
    private static readonly VoiceRoutes Routes = new(Microsoft.Extensions.Options.Options.Create(new HelplineOptions { PublicBaseUrl = "https://ecoute.test" }));
    private static readonly TwimlRenderer Renderer = new(Routes);
    private static readonly CompiledFlow Flow = CompiledFlow.Compile(FlowLoader.LoadFile(Path.Combine(HelplineApp.RepoRoot, "callflows", "un-premier-pas.yaml")));
    private static readonly StepToken Token = new(Flow.Hash, "accueil", 1, 0);

    [Fact]
    public void Menu_becomes_a_gather_posting_to_the_gather_route_with_a_redirect_for_no_key()
    {
        var xml = Render([new GatherInstruction([new SayInstruction("Tapez 1.", "fr-FR", "Polly.Lea")], 5, 1)], Token);

        var gather = xml.Root!.Element("Gather")!;
        Assert.Equal(Routes.Url(VoiceRoutes.Gather, Token), (string?)gather.Attribute("action"));
        Assert.Equal(("dtmf", "POST", "5", "1", "true"), ((string?)gather.Attribute("input"), (string?)gather.Attribute("method"), (string?)gather.Attribute("timeout"), (string?)gather.Attribute("numDigits"), (string?)gather.Attribute("actionOnEmptyResult")));
        Assert.Equal(("Tapez 1.", "fr-FR", "Polly.Lea"), (gather.Element("Say")!.Value, (string?)gather.Element("Say")!.Attribute("language"), (string?)gather.Element("Say")!.Attribute("voice")));
        Assert.Equal(Routes.Url(VoiceRoutes.Gather, Token), xml.Root.Element("Redirect")!.Value);
    }

    [Fact]
    public void Transfer_becomes_a_dial_whose_outcome_posts_to_the_dial_route()
    {
        var xml = Render([new DialInstruction("17", "police", 30)], Token);

        var dial = xml.Root!.Element("Dial")!;
        Assert.Equal(("17", Routes.Url(VoiceRoutes.Dial, Token), "POST", "30"), (dial.Value.Trim(), (string?)dial.Attribute("action"), (string?)dial.Attribute("method"), (string?)dial.Attribute("timeout")));
    }

    [Fact]
    public void Queue_becomes_an_enqueue_with_its_exit_and_wait_routes()
    {
        var xml = Render([new EnqueueInstruction("ecoutantes", 600, new SayInstruction("Patientez.", "fr-FR", null))], Token);

        var enqueue = xml.Root!.Element("Enqueue")!;
        Assert.Equal("ecoutantes", enqueue.Value.Trim());
        Assert.Equal(Routes.Url(VoiceRoutes.QueueExit, Token), (string?)enqueue.Attribute("action"));
        Assert.Equal(Routes.Url(VoiceRoutes.QueueWait, Token), (string?)enqueue.Attribute("waitUrl"));
    }

    [Fact]
    public void Recording_is_played_from_the_prompts_route_with_its_path_escaped()
    {
        var xml = Render([new PlayInstruction("prompts/accueil été.wav", "Bonjour")], Token);

        Assert.Equal("https://ecoute.test/prompts/prompts/accueil%20%C3%A9t%C3%A9.wav", xml.Root!.Element("Play")!.Value);
    }

    [Fact]
    public void Emergency_answer_has_no_action_url_so_the_provider_goes_on_to_the_next_verb()
    {
        var xml = Render(Flow.EmergencyFallback(), token: null);

        Assert.DoesNotContain(xml.Descendants(), e => e.Attribute("action") is not null || e.Name.LocalName == "Redirect");
        Assert.Equal("3919", xml.Root!.Element("Dial")!.Value.Trim());
        Assert.Single(xml.Root.Elements("Hangup"));
    }

    [Fact]
    public void Hold_answer_says_the_announcement_before_the_hold_prompt_and_a_pause()
    {
        var xml = XDocument.Parse(Renderer.Hold(Flow, new CallPosition("file-ecoutantes", 0), "Vous êtes en position 2."));

        var verbs = xml.Root!.Elements().Select(e => e.Name.LocalName).ToList();
        Assert.Equal("Say", verbs[0]);
        Assert.Equal("Vous êtes en position 2.", xml.Root.Elements().First().Value);
        Assert.Equal("Pause", verbs[^1]);
        Assert.Contains(verbs[1], new[] { "Play", "Say" });
    }

    [Fact]
    public void Fixed_answers_are_a_leave_an_empty_document_and_a_hang_up()
    {
        Assert.Equal(["Leave"], XDocument.Parse(TwimlRenderer.Leave()).Root!.Elements().Select(e => e.Name.LocalName));
        Assert.Empty(XDocument.Parse(TwimlRenderer.Empty()).Root!.Elements());
        Assert.Equal(["Hangup"], XDocument.Parse(TwimlRenderer.Hangup()).Root!.Elements().Select(e => e.Name.LocalName));
    }

    private static XDocument Render(IReadOnlyList<VoiceInstruction> instructions, StepToken? token) => XDocument.Parse(Renderer.Render(Flow, instructions, token, transferCallerId: null));
}
