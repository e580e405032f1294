using System.Text;

namespace Helpline.Core.Voice;

/// <summary>
/// What a flow may ask of the voice provider and of our own step URLs, in one place, so that what <c>validate</c>
/// accepts is what the server serves: the validator refuses a flow past these limits (with file:line:col), and the
/// server serves every flow within them — its own checks (step URLs, recordings, menu replays) read the same constants,
/// so the two cannot drift apart. The provider's limits come from Twilio's documentation (cited on each); ours are
/// derived from them so that every answer we build fits.
/// </summary>
/// <remarks>Decisions, limit by limit, for issue 10 item 6:
/// <list type="bullet">
/// <item>State names: the server used to refuse step URLs whose state had more than 200 characters (an arbitrary cap)
/// or a control character, while the validator accepted both: every key pressed in such a state got the emergency
/// answer. Now the validator refuses control characters, surrounding spaces and names over
/// <see cref="MaxStateNameLength"/>, a bound chosen so that the step URL always fits the provider's; the step token
/// reads the same bound.</item>
/// <item>Spoken text, queue names, answer size: the provider's limits, which the server cannot lift: validated.</item>
/// <item>Recordings: the server only serves formats the provider plays, from a canonical path; a recording the
/// provider could not play is reported (warning) and its text is spoken instead, by <c>simulate</c> and the server alike.</item>
/// <item>Menu replays and chained messages: arbitrary runtime caps, lifted (replays saturate at
/// <see cref="MaxMenuReplays"/>; a chain is bounded by the flow's own states, loops being refused by the validator).</item>
/// </list>
/// </remarks>
public static class VoiceLimits
{
    /// <summary>
    /// The longest URL we hand to the provider. Twilio documents 4,000 characters for the URLs it is given (error
    /// 21609); we hold every action, wait and recording URL to it.
    /// </summary>
    public const int MaxUrlLength = 4000;

    /// <summary>The longest <c>Helpline:PublicBaseUrl</c> the server starts with; every URL we build fits <see cref="MaxUrlLength"/> after it.</summary>
    public const int MaxPublicBaseUrlLength = 500;

    /// <summary>
    /// The longest state name, in characters (UTF-16 code units). Step URLs carry the name percent-encoded, at most 9
    /// characters per code unit: with the longest base URL, path and other query values (about 660 characters), the
    /// longest step URL is under 3,400 characters.
    /// </summary>
    public const int MaxStateNameLength = 300;

    /// <summary>
    /// The most text one <c>&lt;Say&gt;</c> speaks, in bytes of UTF-8: Twilio's Polly voices take 3,000 (Basic 4,096,
    /// Google 5,000; warning 13521). The strictest holds, so a flow stays valid whatever voice it names.
    /// </summary>
    public const int MaxSpokenTextBytes = 3000;

    /// <summary>The most characters one spoken text may take once URL-encoded (Twilio, warning 13521: 4,500).</summary>
    public const int MaxSpokenTextUrlEncodedLength = 4500;

    /// <summary>The longest queue name: Twilio's Enqueue wants 1 to "less than 64" characters (errors 14204, 14205).</summary>
    public const int MaxQueueNameLength = 63;

    /// <summary>The largest answer (TwiML document) the provider takes: 64 kB (Twilio error 11750), counted as 64,000 bytes.</summary>
    public const int MaxAnswerBytes = 64_000;

    /// <summary>
    /// Menu replays the step URL carries. A menu whose no-key path leads back to itself replays without end; the count
    /// stops growing here (only "none", "some" and "at least the menu's retries", at most 5, matter).
    /// </summary>
    public const int MaxMenuReplays = 100;

    /// <summary>The longest recording path (relative to <c>prompts/</c>) once URL-encoded, so its URL fits <see cref="MaxUrlLength"/>.</summary>
    public const int MaxRecordingPathUrlLength = 1000;

    /// <summary>Recording formats the provider plays (Twilio's Play: MPEG, WAV, AIFF, GSM, µ-law), by file extension, with the content type we serve them with.</summary>
    private static readonly Dictionary<string, string> RecordingTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".wav"] = "audio/wav",
        [".wave"] = "audio/wav",
        [".mp3"] = "audio/mpeg",
        [".aif"] = "audio/x-aiff",
        [".aiff"] = "audio/aiff",
        [".aifc"] = "audio/x-aifc",
        [".gsm"] = "audio/x-gsm",
        [".ul"] = "audio/ulaw",
        [".ulaw"] = "audio/ulaw",
    };

    /// <summary>The file extensions of recordings the provider plays, for messages.</summary>
    public static string PlayableExtensions => string.Join(", ", RecordingTypes.Keys);

    /// <summary>The content type a recording is served with, or null when the provider cannot play its format.</summary>
    public static string? RecordingContentType(string path) =>
        RecordingTypes.GetValueOrDefault(Path.GetExtension(path ?? string.Empty));

    /// <summary>
    /// Why the provider could not play the recording at <paramref name="relativePath"/> (relative to <c>prompts/</c>,
    /// already canonical), or null when it can: a format it does not play, a character our URLs do not carry, or a
    /// path too long for a URL.
    /// </summary>
    public static string? RecordingProblem(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (RecordingContentType(relativePath) is null)
        {
            return $"the provider only plays {PlayableExtensions} files";
        }

        if (!IsCarriable(relativePath))
        {
            return "its path has a control character";
        }

        var length = relativePath.Split('/').Sum(segment => UrlEncodedLength(segment) + 1);
        return length > MaxRecordingPathUrlLength
            ? $"its path takes {length:N0} characters in a web address (at most {MaxRecordingPathUrlLength:N0})"
            : null;
    }

    /// <summary>
    /// True when <paramref name="text"/> has no control character (tab, line break, DEL, C1…), no unpaired surrogate
    /// and neither U+FFFE nor U+FFFF: what a name must be to travel in our URLs, answers and log lines exactly as
    /// written (the TwiML writer drops what XML cannot carry, so a queue named U+FFFE would reach the provider unnamed).
    /// </summary>
    public static bool IsCarriable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) || c is '\uFFFE' or '\uFFFF')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The length of <paramref name="text"/> percent-encoded as in our URLs (UTF-8, every byte but the unreserved ones as %XX).</summary>
    public static int UrlEncodedLength(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            length += rune.Value is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~'
                ? 1
                : 3 * rune.Utf8SequenceLength;
        }

        return length;
    }

    /// <summary>Bytes of <paramref name="text"/> in UTF-8.</summary>
    public static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text ?? string.Empty);
}
