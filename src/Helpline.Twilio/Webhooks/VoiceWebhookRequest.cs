using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Helpline.Twilio.Webhooks;

/// <summary>
/// The fields of a voice webhook as the provider posts them (incoming call, Gather, Dial and Enqueue actions, queue wait
/// URL, status callback). Built by <see cref="FromForm"/>, which never throws: a missing or unreadable field is null,
/// and a NUL character becomes U+FFFD (so any value can be stored).
/// </summary>
/// <remarks>
/// Caller numbers are personal data of people at risk: <see cref="ToString"/> leaves out From, To, CallerName and
/// ForwardedFrom, so logging a request can never print them.
/// </remarks>
public sealed record VoiceWebhookRequest
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Values longer than this are treated as absent: no legitimate field is that long.</summary>
    public const int MaxFieldLength = 1024;

    /// <summary>The call's identifier (<c>CA</c> + 32 hex digits).</summary>
    public string? CallSid { get; init; }

    /// <summary>The account (<c>AC…</c>).</summary>
    public string? AccountSid { get; init; }

    /// <summary>The caller's number (personal data: never log it).</summary>
    public string? From { get; init; }

    /// <summary>The number called (ours).</summary>
    public string? To { get; init; }

    /// <summary>queued, ringing, in-progress, completed, busy, failed, no-answer, canceled.</summary>
    public string? CallStatus { get; init; }

    /// <summary>inbound, outbound-api or outbound-dial.</summary>
    public string? Direction { get; init; }

    /// <summary>The API version (2010-04-01).</summary>
    public string? ApiVersion { get; init; }

    /// <summary>Forwarding number, when the carrier sends it (personal data).</summary>
    public string? ForwardedFrom { get; init; }

    /// <summary>Caller name lookup, when enabled (personal data).</summary>
    public string? CallerName { get; init; }

    /// <summary>The parent call of a child leg.</summary>
    public string? ParentCallSid { get; init; }

    /// <summary>Keys pressed (Gather action), without the finish key.</summary>
    public string? Digits { get; init; }

    /// <summary>The key that ended the Gather, if any.</summary>
    public string? FinishedOnKey { get; init; }

    /// <summary>Recognised speech (Gather with speech input).</summary>
    public string? SpeechResult { get; init; }

    /// <summary>Outcome of a Dial: completed, answered, busy, no-answer, failed, canceled.</summary>
    public string? DialCallStatus { get; init; }

    /// <summary>The dialled leg's identifier.</summary>
    public string? DialCallSid { get; init; }

    /// <summary>Seconds the dialled leg lasted.</summary>
    public int? DialCallDuration { get; init; }

    /// <summary>Whether the dialled call was bridged.</summary>
    public bool? DialBridged { get; init; }

    /// <summary>How the caller left the queue (see <see cref="QueueResults"/>).</summary>
    public string? QueueResult { get; init; }

    /// <summary>The queue's identifier.</summary>
    public string? QueueSid { get; init; }

    /// <summary>Seconds spent in the queue.</summary>
    public int? QueueTime { get; init; }

    /// <summary>Position in the queue (wait URL requests).</summary>
    public int? QueuePosition { get; init; }

    /// <summary>Seconds the call lasted (status callback when completed).</summary>
    public int? CallDuration { get; init; }

    /// <summary>When the status event happened (RFC 2822, as sent).</summary>
    public string? Timestamp { get; init; }

    /// <summary>Order of status callbacks (arrival order is not guaranteed).</summary>
    public int? SequenceNumber { get; init; }

    /// <summary>call-progress-events for status callbacks.</summary>
    public string? CallbackSource { get; init; }

    /// <summary>Who answered, with answering-machine detection: human, machine_start, machine_end_beep, machine_end_silence, machine_end_other, fax, unknown.</summary>
    public string? AnsweredBy { get; init; }

    /// <summary>Error code on a fallback URL request.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The URL that failed, on a fallback URL request.</summary>
    public string? ErrorUrl { get; init; }

    /// <summary>True when <see cref="CallSid"/> has the provider's shape (<c>CA</c> + 32 hex digits).</summary>
    public bool HasValidCallSid => CallSid is { Length: 34 } sid && sid.StartsWith("CA", StringComparison.Ordinal) && !sid.AsSpan(2).ContainsAnyExcept(HexDigits);

    /// <summary>Reads the fields from a posted form. Never throws.</summary>
    public static VoiceWebhookRequest FromForm(IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            var first = values.Count > 0 ? values[0] : null;
            if (first is not null && first.Length <= MaxFieldLength && !fields.ContainsKey(key))
            {
                // NUL is the one character PostgreSQL text cannot hold: keep the field, mark the character.
                fields[key] = first.Replace('\0', '\uFFFD');
            }
        }

        string? Text(string name) => fields.GetValueOrDefault(name);
        int? Number(string name) => int.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        bool? Flag(string name) => bool.TryParse(Text(name), out var b) ? b : null;

        return new VoiceWebhookRequest
        {
            CallSid = Text("CallSid"),
            AccountSid = Text("AccountSid"),
            From = Text("From"),
            To = Text("To"),
            CallStatus = Text("CallStatus"),
            Direction = Text("Direction"),
            ApiVersion = Text("ApiVersion"),
            ForwardedFrom = Text("ForwardedFrom"),
            CallerName = Text("CallerName"),
            ParentCallSid = Text("ParentCallSid"),
            Digits = Text("Digits"),
            FinishedOnKey = Text("FinishedOnKey"),
            SpeechResult = Text("SpeechResult"),
            DialCallStatus = Text("DialCallStatus"),
            DialCallSid = Text("DialCallSid"),
            DialCallDuration = Number("DialCallDuration"),
            DialBridged = Flag("DialBridged"),
            QueueResult = Text("QueueResult"),
            QueueSid = Text("QueueSid"),
            QueueTime = Number("QueueTime"),
            QueuePosition = Number("QueuePosition"),
            CallDuration = Number("CallDuration"),
            Timestamp = Text("Timestamp"),
            SequenceNumber = Number("SequenceNumber"),
            CallbackSource = Text("CallbackSource"),
            AnsweredBy = Text("AnsweredBy"),
            ErrorCode = Text("ErrorCode"),
            ErrorUrl = Text("ErrorUrl"),
        };
    }

    /// <summary>The request without personal data (From, To, CallerName, ForwardedFrom are left out).</summary>
    public override string ToString() =>
        $"VoiceWebhookRequest {{ CallSid = {CallSid}, CallStatus = {CallStatus}, Direction = {Direction}, Digits = {Digits}, DialCallStatus = {DialCallStatus}, QueueResult = {QueueResult}, QueueTime = {QueueTime}, CallDuration = {CallDuration} }}";
}
