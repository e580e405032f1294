namespace Helpline.Core.Voice;

/// <summary>Play a prompt while listening for keys; the keys (or their absence) come back as the next webhook.</summary>
/// <param name="Prompt">What is heard while listening (recordings or speech).</param>
/// <param name="TimeoutSeconds">How long to wait for a key after the prompt.</param>
/// <param name="NumDigits">Stop listening after this many keys, or null to wait for '#' or the timeout.</param>
public sealed record GatherInstruction(IReadOnlyList<VoiceInstruction> Prompt, int TimeoutSeconds, int? NumDigits) : VoiceInstruction;
