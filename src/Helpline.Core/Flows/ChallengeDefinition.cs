namespace Helpline.Core.Flows;

/// <summary>
/// The keypad challenge a caller must pass before being queued when the line is under saturation (a supervisor's
/// saturation mode) or she called more than the hourly limit (<c>challenge:</c> at the top of the flow): the line says a
/// short random code, she types it. It stands only before the queue: the menu's emergency keys come first.
/// </summary>
/// <param name="Prompt">The request, spoken by text-to-speech with <c>{code}</c> replaced by the code's digits one by one.</param>
/// <param name="Retry">Said before the request again after a wrong or missing code.</param>
/// <param name="Failed">Said after the last try, before the call ends: it gives the emergency numbers.</param>
/// <param name="Tries">How many codes she may type (3).</param>
/// <param name="Position">Where the block is written.</param>
public sealed record ChallengeDefinition(string Prompt, PromptDefinition Retry, PromptDefinition Failed, int Tries, SourcePosition Position)
{
    /// <summary>The placeholder of the code in <see cref="Prompt"/>.</summary>
    public const string CodePlaceholder = "{code}";

    /// <summary>Digits in a code.</summary>
    public const int CodeLength = 3;

    /// <summary>The request with <paramref name="code"/>'s digits spoken one by one ("4, 7, 2").</summary>
    public string PromptFor(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Prompt.Replace(CodePlaceholder, string.Join(", ", code.ToCharArray()), StringComparison.Ordinal);
    }
}
