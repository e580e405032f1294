namespace Helpline.Core.Flows;

/// <summary>
/// What a caller whose number a supervisor blocked hears (<c>blocked:</c> at the top of the flow), before the call
/// ends: no menu, no queue. A blocked number may be a phone the victim shares with the abuser, so she is never
/// silently rejected: the message gives the emergency numbers (17 / 112, 114, 3919 / 116 006) — and never says the
/// number is blocked, which an abuser could learn from.
/// </summary>
/// <param name="Prompt">The message.</param>
public sealed record BlockedDefinition(PromptDefinition Prompt);
