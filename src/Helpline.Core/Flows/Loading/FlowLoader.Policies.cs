using Helpline.Core.Flows.Diagnostics;

namespace Helpline.Core.Flows.Loading;

public static partial class FlowLoader
{
    private sealed partial class Builder
    {
        /// <summary><c>blocked:</c> — the message of a blocked caller (<c>prompt</c>).</summary>
        private BlockedDefinition? ReadBlocked(YamlMapping? map)
        {
            if (map is null)
            {
                return null;
            }

            var reader = Reader(map, "'blocked'");
            var prompt = ReadPrompt(reader, "prompt", "'blocked'", required: true);
            reader.ReportUnknownKeys();
            return prompt is null ? null : new BlockedDefinition(prompt);
        }

        /// <summary>
        /// <c>challenge:</c> — <c>prompt</c> (a text with <c>{code}</c>: spoken by text-to-speech, since the code changes),
        /// <c>retry</c>, <c>failed</c> and <c>tries</c> (1 to 5, default 3).
        /// </summary>
        private ChallengeDefinition? ReadChallenge(YamlMapping? map)
        {
            if (map is null)
            {
                return null;
            }

            const string Context = "'challenge'";
            var reader = Reader(map, Context);
            var promptNode = reader.Scalar("prompt", required: true);
            var retry = ReadPrompt(reader, "retry", Context, required: true);
            var failed = ReadPrompt(reader, "failed", Context, required: true);
            var tries = reader.Integer("tries", 1, 5, 3) ?? 3;
            reader.ReportUnknownKeys();
            string? prompt = null;
            if (promptNode is not null)
            {
                prompt = CheckedText(promptNode.Value, promptNode.Position, "prompt", Context);
                if (prompt is not null && Occurrences(prompt, ChallengeDefinition.CodePlaceholder) != 1)
                {
                    Error(promptNode.Position, DiagnosticCodes.InvalidValue, $"'prompt' of {Context} must say the code once: write {ChallengeDefinition.CodePlaceholder} once in it",
                        "e.g. \"Pour être mise en relation, tapez le code {code}.\"");
                    prompt = null;
                }
                else if (prompt is not null)
                {
                    CheckSpokenLength(prompt, promptNode.Position, $"'prompt' of {Context}", ChallengeDefinition.CodeLength * 3);
                }
            }

            return prompt is null || retry is null || failed is null ? null : new ChallengeDefinition(prompt, retry, failed, tries, map.Position);
        }
    }
}
