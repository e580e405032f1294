using Helpline.Core.Voice;

namespace Helpline.Core.Flows.Execution;

public sealed partial class CompiledFlow
{
    /// <summary>Seconds the caller has to type the challenge's code after hearing it.</summary>
    public const int ChallengeTimeoutSeconds = 10;

    /// <summary>
    /// What a blocked caller hears, then the end of the call: the flow's <c>blocked:</c> message, or its emergency
    /// message when it has none (she always hears the emergency numbers).
    /// </summary>
    public IReadOnlyList<VoiceInstruction> BlockedAnswer() =>
        [Prompt(Definition.Blocked?.Prompt ?? Definition.Emergency.Prompt), HangupInstruction.Instance];

    /// <summary>The challenge's request for <paramref name="code"/> (after the retry notice when <paramref name="retry"/>), listening for its digits; null when the flow has no challenge.</summary>
    public GatherInstruction? ChallengeGather(string code, bool retry)
    {
        if (Definition.Challenge is not { } challenge)
        {
            return null;
        }

        List<VoiceInstruction> prompt = retry ? [Prompt(challenge.Retry)] : [];
        prompt.Add(new SayInstruction(challenge.PromptFor(code), Definition.Language, Definition.Voice));
        return new GatherInstruction(prompt, ChallengeTimeoutSeconds, ChallengeDefinition.CodeLength);
    }

    /// <summary>After the last wrong code: the flow's failure message (with the emergency numbers), then the end of the call.</summary>
    public IReadOnlyList<VoiceInstruction> ChallengeFailedAnswer() =>
        [Prompt(Definition.Challenge?.Failed ?? Definition.Emergency.Prompt), HangupInstruction.Instance];
}
