namespace Helpline.Core.Flows;

/// <summary>
/// What a caller hears at one point of the flow: a recorded file (played when it exists) and the French text that is
/// spoken instead when the file is missing. Keeping both lets an operator change the words before a new recording exists.
/// </summary>
/// <param name="AudioPath">Path of the recording relative to the flow file's folder (e.g. <c>prompts/accueil.wav</c>), or null.</param>
/// <param name="Text">The words, spoken by text-to-speech when the recording is missing; also the recording's script.</param>
/// <param name="Position">Where the prompt is written.</param>
public sealed record PromptDefinition(string? AudioPath, string Text, SourcePosition Position);
