namespace Helpline.Core.Flows;

/// <summary>
/// What a caller hears at one point of the flow: a recorded file (played when it exists) and the French text that is
/// spoken instead when the file is missing. Keeping both lets an operator change the words before a new recording exists.
/// </summary>
/// <param name="AudioPath">Path of the recording relative to the flow file's folder (e.g. <c>prompts/accueil.wav</c>), or null.</param>
/// <param name="Text">The words, spoken by text-to-speech when the recording is missing; also the recording's script.</param>
/// <param name="Position">Where the prompt is written.</param>
public sealed record PromptDefinition(string? AudioPath, string Text, SourcePosition Position)
{
    private const string PromptFolder = "prompts/";

    /// <summary>
    /// The recording's path inside the <c>prompts/</c> folder in its one canonical spelling (no empty or <c>.</c>
    /// segments: <c>prompts/sub//./a.wav</c> is <c>sub/a.wav</c>), which is the name the server serves it under; null
    /// without a recording. A file path and a URL path read such segments differently, so only this spelling goes in URLs.
    /// </summary>
    public string? RecordingFile => AudioPath is { } path && path.StartsWith(PromptFolder, StringComparison.Ordinal)
        ? string.Join('/', path[PromptFolder.Length..].Split('/').Where(segment => segment.Length > 0 && segment != "."))
        : null;
}
