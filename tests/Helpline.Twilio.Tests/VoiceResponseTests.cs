using System.Xml.Linq;
using Helpline.Twilio.TwiML;

namespace Helpline.Twilio.Tests;

/// <summary>TwiML as the provider reads it: exact names, escaping, nothing unset, always well-formed.</summary>
public sealed class VoiceResponseTests
{
    private const string Head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    [Fact]
    public void Say_with_language_voice_and_loop()
    {
        var xml = new VoiceResponse().Say("Bonjour", "fr-FR", "Polly.Lea", 2).ToXml();

        Assert.Equal(Head + "<Response><Say voice=\"Polly.Lea\" language=\"fr-FR\" loop=\"2\">Bonjour</Say></Response>", xml);
    }

    [Fact]
    public void Unset_attributes_are_not_written()
    {
        Assert.Equal(Head + "<Response><Say>x</Say><Pause /><Hangup /></Response>", new VoiceResponse().Say("x").Pause().Hangup().ToXml());
    }

    [Fact]
    public void Gather_with_nested_prompts_and_every_attribute()
    {
        var xml = new VoiceResponse().Gather(
            new GatherOptions { Input = "dtmf", Action = "/voice/gather?a=1&b=2", Method = "POST", Timeout = 5, NumDigits = 1, FinishOnKey = "#", ActionOnEmptyResult = true, Language = "fr-FR" },
            g => g.Play("/prompts/accueil.wav").Say("Tapez 1", "fr-FR").Pause(1)).ToXml();

        Assert.Equal(
            Head + "<Response><Gather input=\"dtmf\" action=\"/voice/gather?a=1&amp;b=2\" method=\"POST\" timeout=\"5\" numDigits=\"1\" finishOnKey=\"#\" actionOnEmptyResult=\"true\" language=\"fr-FR\">" +
            "<Play>/prompts/accueil.wav</Play><Say language=\"fr-FR\">Tapez 1</Say><Pause length=\"1\" /></Gather></Response>", xml);
    }

    [Fact]
    public void Dial_a_plain_number()
    {
        var xml = new VoiceResponse().Dial("17", new DialOptions { Action = "/voice/dial", Timeout = 30, AnswerOnBridge = false, TimeLimit = 3600, CallerId = "+33320000000", Method = "POST", RingTone = "fr" }).ToXml();

        Assert.Equal(Head + "<Response><Dial action=\"/voice/dial\" method=\"POST\" timeout=\"30\" callerId=\"+33320000000\" answerOnBridge=\"false\" timeLimit=\"3600\" ringTone=\"fr\">17</Dial></Response>", xml);
    }

    [Fact]
    public void Dial_a_number_with_a_whisper()
    {
        var xml = new VoiceResponse().Dial("+33612345678", null, "/voice/whisper?c=1", "POST").ToXml();

        Assert.Equal(Head + "<Response><Dial><Number url=\"/voice/whisper?c=1\" method=\"POST\">+33612345678</Number></Dial></Response>", xml);
    }

    [Fact]
    public void Enqueue_leave_redirect_reject()
    {
        var xml = new VoiceResponse()
            .Enqueue("ecoutantes", new EnqueueOptions { Action = "/voice/queue", Method = "POST", WaitUrl = "/voice/queue/wait", WaitUrlMethod = "POST", MaxQueueSize = 100 })
            .Leave().Redirect("/voice/incoming", "POST").Reject("busy").ToXml();

        Assert.Equal(Head + "<Response><Enqueue action=\"/voice/queue\" method=\"POST\" waitUrl=\"/voice/queue/wait\" waitUrlMethod=\"POST\" maxQueueSize=\"100\">ecoutantes</Enqueue>" +
            "<Leave /><Redirect method=\"POST\">/voice/incoming</Redirect><Reject reason=\"busy\" /></Response>", xml);
    }

    [Theory]
    [InlineData("Tom & Jerry <script>alert('x')</script> \"quoted\"", "Tom & Jerry <script>alert('x')</script> \"quoted\"")]
    [InlineData("]]><!-- --><![CDATA[", "]]><!-- --><![CDATA[")]
    [InlineData("control \u0001\u0008\u000B\u001F chars", "control  chars")]
    [InlineData("Élodie, ça va ? 日本語 😀", "Élodie, ça va ? 日本語 😀")]
    public void Hostile_text_stays_well_formed(string text, string heard)
    {
        var xml = new VoiceResponse().Say(text).Play(text).Redirect(text).ToXml();

        var doc = XDocument.Parse(xml);
        Assert.Equal(heard, doc.Root!.Element("Say")!.Value);
        Assert.Equal(heard, doc.Root!.Element("Play")!.Value);
        Assert.Equal(heard, doc.Root!.Element("Redirect")!.Value);
    }

    [Fact]
    public void Lone_surrogate_is_dropped()
    {
        var text = "lone surrogate " + (char)0xD800 + " here";

        var doc = XDocument.Parse(new VoiceResponse().Say(text).ToXml());

        Assert.Equal("lone surrogate  here", doc.Root!.Element("Say")!.Value);
    }

    [Fact]
    public void Document_starts_with_the_declaration_and_no_bom() => Assert.StartsWith("<?xml", new VoiceResponse().Hangup().ToXml(), StringComparison.Ordinal);
}
