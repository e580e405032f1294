namespace Helpline.Core.Voice;

/// <summary>Play a recording served by us under <c>/prompts/</c>.</summary>
/// <param name="PromptFile">Path relative to the flow's <c>prompts/</c> folder, e.g. <c>accueil.wav</c>.</param>
/// <param name="Text">The recording's words (for transcripts and logs of what the caller heard).</param>
public sealed record PlayInstruction(string PromptFile, string Text) : VoiceInstruction;
