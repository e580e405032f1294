using System.Text.RegularExpressions;
using Helpline.Core.Flows.Diagnostics;

namespace Helpline.Core.Flows.Loading;

public static partial class FlowLoader
{
    /// <summary>
    /// A queue state's announcements to a waiting caller: <c>announce-position</c> and <c>announce-estimate</c>, or the
    /// older <c>announce</c> (still read, with a warning). A placeholder the server would not fill would be spoken as
    /// written, braces and all: unknown placeholders are errors in the two keys, and warnings in the older
    /// one, so that a flow that served before this check still starts.
    /// </summary>
    private sealed partial class Builder
    {
        /// <summary>Anything written between braces, as the server's placeholders are.</summary>
        private static readonly Regex Placeholder = new(@"\{[^{}]*\}", RegexOptions.CultureInvariant);

        /// <summary>The end of a sentence: its mark, then spaces (the older key's sentences are kept or dropped whole).</summary>
        private static readonly Regex SentenceEnd = new(@"(?<=[.!?…])\s+", RegexOptions.CultureInvariant);

        private QueueAnnouncements? ReadAnnouncements(YamlScalar? legacy, YamlScalar? position, YamlScalar? estimate, string context)
        {
            CheckPlaceholders(position, "announce-position", QueueAnnouncements.PositionPlaceholders, context, DiagnosticSeverity.Error);
            CheckPlaceholders(estimate, "announce-estimate", QueueAnnouncements.EstimatePlaceholders, context, DiagnosticSeverity.Error);
            CheckTemplate(position, "announce-position", context);
            CheckTemplate(estimate, "announce-estimate", context);
            if (legacy is null)
            {
                return NonEmpty(position) is null && NonEmpty(estimate) is null ? null : new QueueAnnouncements(NonEmpty(position), NonEmpty(estimate));
            }

            if (position is not null || estimate is not null)
            {
                Error(legacy.Position, DiagnosticCodes.InvalidValue, $"{context} has both 'announce' and 'announce-position' or 'announce-estimate'",
                    "remove 'announce': 'announce-position' and 'announce-estimate' replace it");
                return null;
            }

            CheckPlaceholders(legacy, "announce", QueueAnnouncements.LegacyPlaceholders, context, DiagnosticSeverity.Warning);
            CheckTemplate(legacy, "announce", context);
            var kept = NonEmpty(legacy) is { } text ? LegacyPositionText(text) : null;
            var heard = kept is null ? "nothing of it" : $"\"{kept}\" only";
            var dropped = legacy.Value.Contains(QueueAnnouncements.LegacyMinutesPlaceholder, StringComparison.Ordinal)
                ? " (the sentence with {attente}, a single number of minutes, is no longer said)"
                : string.Empty;
            Warning(legacy.Position, DiagnosticCodes.ObsoleteKey,
                $"'announce' of {context} is the older announcement key: callers hear {heard}{dropped}, once and then only when their position improves",
                "write 'announce-position' (with {position}) and 'announce-estimate' (with {attente-min} and {attente-max}, said only when the estimate is trustworthy) instead; see docs/guide-operateur.md");
            return kept is null ? null : new QueueAnnouncements(kept, null);
        }

        /// <summary>The older key's text without its sentences that say <c>{attente}</c>; null when nothing is left.</summary>
        private static string? LegacyPositionText(string text)
        {
            var sentences = SentenceEnd.Split(text).Where(s => !s.Contains(QueueAnnouncements.LegacyMinutesPlaceholder, StringComparison.Ordinal));
            return string.Join(" ", sentences).Trim() is { Length: > 0 } kept ? kept : null;
        }

        private void CheckPlaceholders(YamlScalar? node, string key, IReadOnlyList<string> known, string context, DiagnosticSeverity severity)
        {
            if (node is null)
            {
                return;
            }

            foreach (var unknown in Placeholder.Matches(node.Value).Select(m => m.Value).Where(p => !known.Contains(p)).Distinct(StringComparer.Ordinal))
            {
                var message = $"'{key}' of {context} has the placeholder '{unknown}', which the server does not fill: callers would hear it as written";
                var hint = $"use {string.Join(", ", known)}" + (unknown == QueueAnnouncements.LegacyMinutesPlaceholder
                    ? " ({attente}, a single number of minutes, is no longer said: an estimate is a range, {attente-min} to {attente-max}, in 'announce-estimate')"
                    : string.Empty);
                diagnostics.Add(new FlowDiagnostic(file, node.Position, severity, DiagnosticCodes.UnknownPlaceholder, message, hint));
            }
        }

        private void Warning(SourcePosition position, string code, string message, string hint) =>
            diagnostics.Add(new FlowDiagnostic(file, position, DiagnosticSeverity.Warning, code, message, hint));
    }
}
