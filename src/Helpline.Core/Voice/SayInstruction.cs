namespace Helpline.Core.Voice;

/// <summary>Speak text with text-to-speech (the fallback when a recording is missing).</summary>
/// <param name="Text">The words.</param>
/// <param name="Language">Language, e.g. <c>fr-FR</c>.</param>
/// <param name="Voice">Voice name, or null for the provider's default.</param>
public sealed record SayInstruction(string Text, string Language, string? Voice) : VoiceInstruction;
