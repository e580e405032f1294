namespace Helpline.Core.Flows;

/// <summary>
/// A named safe time to be called back, as the flow offers it (<c>callback: windows:</c>): local times of the flow's
/// calendar on the day of the call (<see cref="DaysAhead"/> 0) or the next day (1), a key to choose it, the prompt that
/// offers it and the words that say it in the summary. A window is offered only when some of it is still ahead and
/// within the line's opening hours (<see cref="Callbacks.CallbackWindows"/>): "demain matin" is not offered on a Friday.
/// </summary>
/// <param name="Name">The window's name (e.g. <c>demain-matin</c>), stored with the request.</param>
/// <param name="DaysAhead">0 for the day of the call, 1 for the next day.</param>
/// <param name="From">Start, local time.</param>
/// <param name="To">End, local time (exclusive).</param>
/// <param name="Keys">The key that chooses it.</param>
/// <param name="Prompt">What offers it ("Pour être rappelée demain matin, entre 9 heures et midi, tapez 3.").</param>
/// <param name="Said">How the summary and the worker's whisper say it ("demain matin, entre 9 heures et midi").</param>
/// <param name="Position">Where it is written.</param>
public sealed record CallbackWindowDefinition(
    string Name, int DaysAhead, TimeOnly From, TimeOnly To, string Keys, PromptDefinition Prompt, string Said, SourcePosition Position);
