using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Helpline.Twilio.TwiML;

/// <summary>
/// Writes TwiML for voice calls: the verbs we use, with Twilio's exact element and attribute names (camelCase,
/// case-sensitive), booleans in lower case, unset attributes left out. Text is always escaped and characters that XML
/// cannot carry are dropped, so the document is well-formed whatever an operator or a caller put in it — the provider
/// plays an error message on a malformed document, which a caller in danger must never hear.
/// </summary>
/// <remarks>Not thread-safe; build one per answer.</remarks>
public sealed class VoiceResponse
{
    private readonly XElement _root = new("Response");

    /// <summary>Speaks text (<c>&lt;Say&gt;</c>).</summary>
    public VoiceResponse Say(string text, string? language = null, string? voice = null, int? loop = null)
    {
        _root.Add(SayElement(text, language, voice, loop));
        return this;
    }

    /// <summary>Plays an audio file (<c>&lt;Play&gt;</c>).</summary>
    public VoiceResponse Play(string url, int? loop = null, string? digits = null)
    {
        _root.Add(PlayElement(url, loop, digits));
        return this;
    }

    /// <summary>Waits silently (<c>&lt;Pause&gt;</c>).</summary>
    public VoiceResponse Pause(int? length = null)
    {
        _root.Add(PauseElement(length));
        return this;
    }

    /// <summary>Collects keys while playing nested prompts (<c>&lt;Gather&gt;</c>).</summary>
    public VoiceResponse Gather(GatherOptions options, Action<GatherContent>? content = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var element = new XElement("Gather");
        Attr(element, "input", options.Input);
        Attr(element, "action", options.Action);
        Attr(element, "method", options.Method);
        Attr(element, "timeout", options.Timeout);
        Attr(element, "numDigits", options.NumDigits);
        Attr(element, "finishOnKey", options.FinishOnKey);
        Attr(element, "actionOnEmptyResult", options.ActionOnEmptyResult);
        Attr(element, "language", options.Language);
        content?.Invoke(new GatherContent(element));
        _root.Add(element);
        return this;
    }

    /// <summary>Connects the call to a number (<c>&lt;Dial&gt;</c>), plain or with a whisper for the called party.</summary>
    public VoiceResponse Dial(string number, DialOptions? options = null, string? whisperUrl = null, string? whisperMethod = null)
    {
        var element = DialElement(options ?? new DialOptions());
        if (whisperUrl is null)
        {
            element.Add(new XText(Clean(number)));
        }
        else
        {
            var noun = new XElement("Number", new XText(Clean(number)));
            Attr(noun, "url", whisperUrl);
            Attr(noun, "method", whisperMethod);
            element.Add(noun);
        }

        _root.Add(element);
        return this;
    }

    /// <summary>Connects the call to a number (<c>&lt;Dial&gt;&lt;Number&gt;</c>) with the noun's own attributes (whisper URL, answering-machine detection).</summary>
    public VoiceResponse Dial(string number, DialOptions options, NumberOptions noun)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(noun);
        var element = DialElement(options);
        var child = new XElement("Number", new XText(Clean(number)));
        Attr(child, "url", noun.Url);
        Attr(child, "method", noun.Method);
        Attr(child, "machineDetection", noun.MachineDetection);
        Attr(child, "machineDetectionTimeout", noun.MachineDetectionTimeout);
        element.Add(child);
        _root.Add(element);
        return this;
    }

    /// <summary>A <c>&lt;Dial&gt;</c> with the verb's own attributes, before its noun is added.</summary>
    private static XElement DialElement(DialOptions options)
    {
        var element = new XElement("Dial");
        Attr(element, "action", options.Action);
        Attr(element, "method", options.Method);
        Attr(element, "timeout", options.Timeout);
        Attr(element, "callerId", options.CallerId);
        Attr(element, "answerOnBridge", options.AnswerOnBridge);
        Attr(element, "timeLimit", options.TimeLimit);
        Attr(element, "ringTone", options.RingTone);
        return element;
    }

    /// <summary>Puts the caller in a named queue with a wait URL (<c>&lt;Enqueue&gt;</c>).</summary>
    public VoiceResponse Enqueue(string queueName, EnqueueOptions? options = null)
    {
        var element = new XElement("Enqueue", new XText(Clean(queueName)));
        options ??= new EnqueueOptions();
        Attr(element, "action", options.Action);
        Attr(element, "method", options.Method);
        Attr(element, "waitUrl", options.WaitUrl);
        Attr(element, "waitUrlMethod", options.WaitUrlMethod);
        Attr(element, "maxQueueSize", options.MaxQueueSize);
        _root.Add(element);
        return this;
    }

    /// <summary>Takes the caller out of the queue (<c>&lt;Leave/&gt;</c>); the Enqueue action follows.</summary>
    public VoiceResponse Leave()
    {
        _root.Add(new XElement("Leave"));
        return this;
    }

    /// <summary>Fetches TwiML from another URL (<c>&lt;Redirect&gt;</c>).</summary>
    public VoiceResponse Redirect(string url, string? method = null)
    {
        var element = new XElement("Redirect", new XText(Clean(url)));
        Attr(element, "method", method);
        _root.Add(element);
        return this;
    }

    /// <summary>Ends the call (<c>&lt;Hangup/&gt;</c>).</summary>
    public VoiceResponse Hangup()
    {
        _root.Add(new XElement("Hangup"));
        return this;
    }

    /// <summary>Refuses the call without answering it (<c>&lt;Reject&gt;</c>): <c>rejected</c> or <c>busy</c>.</summary>
    public VoiceResponse Reject(string? reason = null)
    {
        var element = new XElement("Reject");
        Attr(element, "reason", reason);
        _root.Add(element);
        return this;
    }

    /// <summary>
    /// The document: <c>&lt;?xml version="1.0" encoding="UTF-8"?&gt;</c> then <c>&lt;Response&gt;</c>, with no byte-order
    /// mark or leading whitespace (the provider refuses a document that does not start with <c>&lt;</c>).
    /// </summary>
    public string ToXml()
    {
        var builder = new StringBuilder(256);
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false, Encoding = new UTF8Encoding(false) };
        builder.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        using (var writer = XmlWriter.Create(builder, settings))
        {
            _root.WriteTo(writer);
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToXml();

    internal static XElement SayElement(string text, string? language, string? voice, int? loop)
    {
        var element = new XElement("Say", new XText(Clean(text)));
        Attr(element, "voice", voice);
        Attr(element, "language", language);
        Attr(element, "loop", loop);
        return element;
    }

    internal static XElement PlayElement(string url, int? loop, string? digits)
    {
        var element = new XElement("Play", new XText(Clean(url)));
        Attr(element, "loop", loop);
        Attr(element, "digits", digits);
        return element;
    }

    internal static XElement PauseElement(int? length)
    {
        var element = new XElement("Pause");
        Attr(element, "length", length);
        return element;
    }

    private static void Attr(XElement element, string name, string? value)
    {
        if (value is not null)
        {
            element.SetAttributeValue(name, Clean(value));
        }
    }

    private static void Attr(XElement element, string name, int? value)
    {
        if (value is not null)
        {
            element.SetAttributeValue(name, value.Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Attr(XElement element, string name, bool? value)
    {
        if (value is not null)
        {
            element.SetAttributeValue(name, value.Value ? "true" : "false");
        }
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters, lone surrogates); escaping is the writer's job.</summary>
    internal static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
