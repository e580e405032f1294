using System.Xml.Linq;

namespace Helpline.Twilio.TwiML;

/// <summary>What may be nested in a <c>&lt;Gather&gt;</c>: only Say, Play and Pause, as the provider allows.</summary>
public sealed class GatherContent
{
    private readonly XElement _gather;

    internal GatherContent(XElement gather) => _gather = gather;

    /// <summary>Speaks text while listening.</summary>
    public GatherContent Say(string text, string? language = null, string? voice = null, int? loop = null)
    {
        _gather.Add(VoiceResponse.SayElement(text, language, voice, loop));
        return this;
    }

    /// <summary>Plays audio while listening.</summary>
    public GatherContent Play(string url, int? loop = null)
    {
        _gather.Add(VoiceResponse.PlayElement(url, loop, null));
        return this;
    }

    /// <summary>Waits while listening.</summary>
    public GatherContent Pause(int? length = null)
    {
        _gather.Add(VoiceResponse.PauseElement(length));
        return this;
    }
}
