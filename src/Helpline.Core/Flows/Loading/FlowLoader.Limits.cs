using System.Globalization;
using Helpline.Core.Flows.Diagnostics;
using Helpline.Core.Voice;

namespace Helpline.Core.Flows.Loading;

public static partial class FlowLoader
{
    /// <summary>
    /// The checks that keep a flow within what the server and the voice provider can carry (see <see cref="VoiceLimits"/>):
    /// whatever passes them is served as <c>simulate</c> plays it.
    /// </summary>
    private sealed partial class Builder
    {
        /// <summary>The longest text a whisper's <c>{attente}</c>, or an announcement's <c>{position}</c>, <c>{attente-min}</c> and <c>{attente-max}</c>, become (a whole number).</summary>
        private const int NumberPlaceholderLength = 11;

        /// <summary>The longest keys a whisper's <c>{choix}</c> becomes (a menu choice has at most 8 keys).</summary>
        private const int KeysPlaceholderLength = 8;

        /// <summary>
        /// A state's name travels in the step URLs of every answer given in that state and comes back in the provider's
        /// next webhook; the server must find the state by it. References are read without surrounding spaces.
        /// </summary>
        private void CheckStateName(YamlScalar key)
        {
            var name = key.Value;
            string? problem = null;
            string? hint = null;
            if (name.Trim().Length == 0)
            {
                problem = "a state needs a name";
                hint = "name it with letters, digits and dashes, e.g. 'accueil'";
            }
            else if (name.Trim().Length != name.Length)
            {
                problem = $"state name '{name}' starts or ends with a space: references to it are read without, so nothing can lead to it";
                hint = "remove the spaces around the name";
            }
            else if (!VoiceLimits.IsCarriable(name))
            {
                problem = $"state name '{Printable(name)}' has a control character (tab, line break…) or a non-character (U+FFFE, U+FFFF), which the server cannot carry in its web addresses";
                hint = "use letters, digits, spaces and dashes";
            }
            else if (name.Length > VoiceLimits.MaxStateNameLength)
            {
                problem = $"state name '{Start(name, 40)}' has {name.Length:N0} characters; at most {VoiceLimits.MaxStateNameLength} fit in the web addresses the voice provider calls back";
                hint = "give the state a shorter name (its 'description' can say more)";
            }

            if (problem is not null)
            {
                Error(key.Position, DiagnosticCodes.InvalidStateName, problem, hint);
            }
        }

        /// <summary>Reports a text too long for the provider's speech synthesis (every text may be spoken: a recording's text is its fallback).</summary>
        private void CheckSpokenLength(string text, SourcePosition position, string what, int extraBytes = 0)
        {
            var bytes = VoiceLimits.Utf8Length(text) + extraBytes;
            var encoded = VoiceLimits.UrlEncodedLength(text) + 3 * extraBytes;
            if (bytes > VoiceLimits.MaxSpokenTextBytes || encoded > VoiceLimits.MaxSpokenTextUrlEncodedLength)
            {
                Error(position, DiagnosticCodes.TextTooLong,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{what} is too long to be spoken: {bytes:N0} bytes, {encoded:N0} characters once URL-encoded; the voice provider speaks at most {VoiceLimits.MaxSpokenTextBytes:N0} bytes ({VoiceLimits.MaxSpokenTextUrlEncodedLength:N0} URL-encoded) at a time"),
                    "split it into two messages one after the other (an accented letter takes 2 bytes and 6 characters URL-encoded, a space or a sign 3 characters)");
            }
        }

        /// <summary>A whisper or announcement template, at its longest once its placeholders are filled in.</summary>
        private void CheckTemplate(YamlScalar? node, string key, string context, string? noChoice = null)
        {
            if (node is null)
            {
                return;
            }

            var text = node.Value.Trim();
            var extra = Occurrences(text, "{attente}") * NumberPlaceholderLength
                + Occurrences(text, "{position}") * NumberPlaceholderLength
                + Occurrences(text, QueueAnnouncements.FromMinutesPlaceholder) * NumberPlaceholderLength
                + Occurrences(text, QueueAnnouncements.ToMinutesPlaceholder) * NumberPlaceholderLength
                + Occurrences(text, "{choix}") * Math.Max(KeysPlaceholderLength, VoiceLimits.Utf8Length(noChoice ?? string.Empty))
                // The whisper also says what every tag a call may carry says (in place of {etiquettes}, or first).
                + (key == "whisper" ? _tags.Values.Sum(t => VoiceLimits.Utf8Length(t.Whisper) + 1) : 0);
            CheckSpokenLength(text, node.Position, $"'{key}' of {context}", extra);
        }

        private void CheckQueueName(YamlScalar node, string queue, string context)
        {
            if (queue.Length > VoiceLimits.MaxQueueNameLength)
            {
                Error(node.Position, DiagnosticCodes.InvalidQueueName,
                    $"{context}: queue name '{queue}' has {queue.Length} characters; the voice provider takes at most {VoiceLimits.MaxQueueNameLength}",
                    "give the queue a shorter name");
            }
            else if (!VoiceLimits.IsCarriable(queue))
            {
                Error(node.Position, DiagnosticCodes.InvalidQueueName,
                    $"{context}: queue name '{Printable(queue)}' has a control character (tab, line break…) or a non-character (U+FFFE, U+FFFF), which the voice provider's answer cannot carry",
                    "use letters, digits and dashes");
            }
        }

        private static int Occurrences(string text, string placeholder)
        {
            var count = 0;
            for (var at = text.IndexOf(placeholder, StringComparison.Ordinal); at >= 0; at = text.IndexOf(placeholder, at + placeholder.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        /// <summary>The name with its control characters shown as <c>\u0009</c>, so the message itself stays on one line.</summary>
        private static string Printable(string text) =>
            string.Concat(text.Select(c => char.IsControl(c) || c is '\uFFFE' or '\uFFFF' ? $"\\u{(int)c:X4}" : c.ToString()));

        /// <summary>The first characters of a long name, for a message (never half an emoji).</summary>
        private static string Start(string text, int length) =>
            text.Length <= length ? text : (char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length]) + "…";
    }
}
