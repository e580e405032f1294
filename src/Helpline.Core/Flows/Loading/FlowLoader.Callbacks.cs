using System.Globalization;
using System.Text.RegularExpressions;
using Helpline.Core.Flows.Diagnostics;

namespace Helpline.Core.Flows.Loading;

public static partial class FlowLoader
{
    /// <summary>
    /// A queue state's call-back offer (issue 13): <c>callback-offer-after-seconds</c> and the <c>callback:</c> block with
    /// its prompts and named windows. Both or neither: one without the other is an error at its line and column.
    /// </summary>
    private sealed partial class Builder
    {
        private static readonly Regex Braces = new(@"\{[^{}]*\}", RegexOptions.CultureInvariant);

        private CallbackDefinition? ReadCallback(MappingReader queue, string context)
        {
            var afterNode = queue.Scalar("callback-offer-after-seconds", required: false);
            var block = queue.Mapping("callback", required: false);
            if (afterNode is null && block is null)
            {
                return null;
            }

            if (block is null)
            {
                Error(afterNode!.Position, DiagnosticCodes.MissingKey, $"{context} has 'callback-offer-after-seconds' but no 'callback:' block",
                    "add the 'callback:' block with its prompts and windows (see callflows/un-premier-pas.yaml), or remove the key");
                return null;
            }

            var after = queue.Integer("callback-offer-after-seconds", 0, 3600, null);
            if (afterNode is null)
            {
                Error(block.Position, DiagnosticCodes.MissingKey, $"{context} has a 'callback:' block but no 'callback-offer-after-seconds'",
                    "say after how many seconds of waiting the call-back is offered, e.g. 'callback-offer-after-seconds: 60'");
            }

            var where = $"'callback' of {context}";
            var r = Reader(block, where);
            var offerKeyNode = r.Scalar("offer-key", required: false);
            var offerKey = offerKeyNode?.Value.Trim() ?? "1";
            if (offerKey.Length != 1 || !(char.IsAsciiDigit(offerKey[0]) || offerKey[0] == '*'))
            {
                Error(offerKeyNode!.Position, DiagnosticCodes.InvalidValue, $"'offer-key' of {where} must be one key of the phone pad (0-9 or *), not '{offerKey}'");
            }

            PromptDefinition? P(string key, bool required = true) => CheckedPlaceholders(ReadPrompt(r, key, where, required), key, where, CallbackDefinition.Placeholders);
            string? S(string key, IReadOnlyList<string>? placeholders = null)
            {
                var node = r.Scalar(key, required: true);
                if (node is null || NonEmpty(node) is not { } text)
                {
                    if (node is not null)
                    {
                        Error(node.Position, DiagnosticCodes.Silence, $"'{key}' of {where} is empty", "write the words to say");
                    }

                    return null;
                }

                CheckSpokenLength(text, node.Position, $"'{key}' of {where}");
                CheckBraces(text, node.Position, key, where, placeholders ?? []);
                return text;
            }

            var offer = P("offer");
            var confirmNumber = P("confirm-number");
            var enterNumber = P("enter-number");
            var invalidNumber = P("invalid-number");
            var chooseWindow = P("choose-window");
            var asap = S("as-soon-as-possible-said");
            var windows = ReadCallbackWindows(r.Mapping("windows", required: false), where);
            var messageQuestion = P("message-question");
            var messageAllowed = S("message-allowed-said");
            var messageRefused = S("message-refused-said");
            var callerIdQuestion = P("caller-id-question", required: false);
            var helplineSaid = S("helpline-caller-id-said");
            var neutralNode = r.Scalar("neutral-caller-id-said", required: false);
            var neutralSaid = NonEmpty(neutralNode);
            if (callerIdQuestion is not null && neutralSaid is null)
            {
                Error(callerIdQuestion.Position, DiagnosticCodes.MissingKey, $"{where} asks 'caller-id-question' but has no 'neutral-caller-id-said'",
                    "write how the summary says the neutral number, e.g. 'en affichant un numéro neutre'");
            }

            var summary = P("summary");
            var confirmed = P("confirmed");
            var back = P("back-to-queue");
            var unavailable = P("unavailable");
            var notUnderstood = P("not-understood");
            var cancelOffer = P("cancel-offer");
            var cancelled = P("cancelled");
            var neutralMessage = P("neutral-message"); // recorded: it has no number or time in it
            var whisper = S("whisper", CallbackDefinition.WhisperPlaceholders);
            var whisperAllowed = S("whisper-message-allowed");
            var whisperRefused = S("whisper-message-refused");
            var notReached = S("worker-not-reached");
            var workerCancelled = S("worker-cancelled");
            var workerUnavailable = S("worker-unavailable");
            r.ReportUnknownKeys();
            if (after is null || offer is null || confirmNumber is null || enterNumber is null || invalidNumber is null || chooseWindow is null || asap is null
                || messageQuestion is null || messageAllowed is null || messageRefused is null || helplineSaid is null || summary is null || confirmed is null
                || back is null || unavailable is null || notUnderstood is null || cancelOffer is null || cancelled is null || neutralMessage is null
                || whisper is null || whisperAllowed is null || whisperRefused is null || notReached is null || workerCancelled is null || workerUnavailable is null)
            {
                return null;
            }

            return new CallbackDefinition
            {
                OfferAfterSeconds = after.Value,
                OfferKey = offerKey,
                Offer = offer,
                ConfirmNumber = confirmNumber,
                EnterNumber = enterNumber,
                InvalidNumber = invalidNumber,
                ChooseWindow = chooseWindow,
                AsSoonAsPossibleSaid = asap,
                Windows = windows,
                MessageQuestion = messageQuestion,
                MessageAllowedSaid = messageAllowed,
                MessageRefusedSaid = messageRefused,
                CallerIdQuestion = callerIdQuestion,
                HelplineCallerIdSaid = helplineSaid,
                NeutralCallerIdSaid = neutralSaid,
                Summary = summary,
                Confirmed = confirmed,
                BackToQueue = back,
                Unavailable = unavailable,
                NotUnderstood = notUnderstood,
                CancelOffer = cancelOffer,
                Cancelled = cancelled,
                NeutralMessage = neutralMessage,
                Whisper = whisper,
                WhisperMessageAllowed = whisperAllowed,
                WhisperMessageRefused = whisperRefused,
                WorkerNotReached = notReached,
                WorkerCancelled = workerCancelled,
                WorkerUnavailable = workerUnavailable,
            };
        }

        private List<CallbackWindowDefinition> ReadCallbackWindows(YamlMapping? map, string where)
        {
            var windows = new List<CallbackWindowDefinition>();
            var keys = new Dictionary<string, string>(StringComparer.Ordinal) { ["1"] = "as soon as possible" };
            foreach (var (name, value) in map?.Entries ?? [])
            {
                var context = $"window '{name.Value}' of {where}";
                if (value is not YamlMapping block)
                {
                    Error(value.Position, DiagnosticCodes.WrongType, $"{context} must be a block with 'from', 'to', 'key', 'prompt' and 'said'",
                        "e.g. demain-matin: { day: tomorrow, from: \"09:00\", to: \"12:00\", key: \"3\", prompt: …, said: … }");
                    continue;
                }

                var r = Reader(block, context);
                var dayNode = r.Scalar("day", required: false);
                var days = (dayNode?.Value.Trim() ?? "today") switch { "today" => 0, "tomorrow" => 1, _ => -1 };
                if (days < 0)
                {
                    Error(dayNode!.Position, DiagnosticCodes.InvalidValue, $"'day' of {context} must be 'today' or 'tomorrow', not '{dayNode.Value.Trim()}'");
                }

                var from = ReadClock(r, "from", context);
                var to = ReadClock(r, "to", context);
                if (from is { } f && to is { } t && f >= t)
                {
                    Error(block.Position, DiagnosticCodes.InvalidValue, $"{context} ends ({t:HH\\:mm}) before it starts ({f:HH\\:mm})", "a window stays within one day: \"18:00\" to \"20:00\"");
                }

                var keyNode = r.Scalar("key", required: true);
                var key = keyNode?.Value.Trim();
                if (keyNode is not null && (key is not { Length: 1 } || !char.IsAsciiDigit(key[0])))
                {
                    Error(keyNode.Position, DiagnosticCodes.InvalidValue, $"'key' of {context} must be one digit, not '{key}'");
                }
                else if (key is not null && keys.TryGetValue(key, out var taken))
                {
                    Error(keyNode!.Position, DiagnosticCodes.OverlappingChoices, $"'key' {key} of {context} is already the key of {taken}",
                        "key 1 is \"as soon as possible\"; give each window its own key");
                }
                else if (key is not null)
                {
                    keys[key] = $"window '{name.Value}'";
                }

                var prompt = ReadPrompt(r, "prompt", context, required: true);
                var saidNode = r.Scalar("said", required: true);
                var said = NonEmpty(saidNode);
                if (saidNode is not null && said is null)
                {
                    Error(saidNode.Position, DiagnosticCodes.Silence, $"'said' of {context} is empty", "write how the summary says it, e.g. 'demain matin, entre 9 heures et midi'");
                }

                r.ReportUnknownKeys();
                if (days >= 0 && from is { } start && to is { } end && start < end && key is { Length: 1 } && prompt is not null && said is not null)
                {
                    windows.Add(new CallbackWindowDefinition(name.Value.Trim(), days, start, end, key, prompt, said, name.Position));
                }
            }

            return windows;
        }

        private TimeOnly? ReadClock(MappingReader reader, string key, string context)
        {
            var node = reader.Scalar(key, required: true);
            if (node is null)
            {
                return null;
            }

            var text = node.Value.Trim();
            if (text == "24:00")
            {
                return TimeOnly.MaxValue;
            }

            if (TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time;
            }

            Error(node.Position, DiagnosticCodes.InvalidValue, $"'{key}' of {context} is not a time: '{text}'", "write it as \"18:00\" (24-hour clock)");
            return null;
        }

        private PromptDefinition? CheckedPlaceholders(PromptDefinition? prompt, string key, string where, IReadOnlyList<string> known)
        {
            if (prompt is not null)
            {
                CheckBraces(prompt.Text, prompt.Position, key, where, known);
                if (prompt.AudioPath is not null && Braces.IsMatch(prompt.Text))
                {
                    Error(prompt.Position, DiagnosticCodes.InvalidValue, $"'{key}' of {where} has a recording, but its words change with each call ({{…}})",
                        "write it as text only: it is spoken by the speech synthesis, like the position announcements");
                }
            }

            return prompt;
        }

        private void CheckBraces(string text, SourcePosition position, string key, string where, IReadOnlyList<string> known)
        {
            foreach (var unknown in Braces.Matches(text).Select(m => m.Value).Where(p => !known.Contains(p)).Distinct(StringComparer.Ordinal))
            {
                Error(position, DiagnosticCodes.UnknownPlaceholder, $"'{key}' of {where} has the placeholder '{unknown}', which the server does not fill: callers would hear it as written",
                    known.Count == 0 ? "remove it" : $"use {string.Join(", ", known)}");
            }
        }
    }
}
