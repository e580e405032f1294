using System.Collections.Concurrent;
using Helpline.Core.Flows.Loading;
using Helpline.Core.Voice;
using Stateless.Reflection;

namespace Helpline.Core.Flows.Execution;

/// <summary>
/// One version of a call flow, ready to run: the validated definition, its prompts resolved (recording or spoken
/// fallback, decided once at compile time) and a pool of Stateless machines configured from it. Shared by every call
/// that started on this version; a reload creates a new instance and never changes this one.
/// </summary>
/// <remarks>Thread-safe: the definition is immutable and each step rents its own machine from the pool.</remarks>
public sealed partial class CompiledFlow
{
    private readonly ConcurrentBag<FlowMachine> _pool = [];
    private readonly Dictionary<PromptDefinition, VoiceInstruction> _prompts = new(ReferenceEqualityComparer.Instance);

    private CompiledFlow(FlowDefinition definition, string hash, string sourcePath, string content, string promptDirectory)
    {
        Definition = definition;
        Hash = hash;
        SourcePath = sourcePath;
        Content = content;
        PromptDirectory = promptDirectory;
        foreach (var (_, prompt) in Validation.FlowGraphValidator.Prompts(definition))
        {
            _prompts[prompt] = Resolve(prompt);
        }

        _pool.Add(new FlowMachine(definition)); // fail now, not on the first call, if Stateless rejects the configuration
    }

    /// <summary>The validated definition.</summary>
    public FlowDefinition Definition { get; }

    /// <summary>The flow's name.</summary>
    public string Name => Definition.Name;

    /// <summary>SHA-256 of the file's bytes (lower-case hex): identifies this version; each call records it.</summary>
    public string Hash { get; }

    /// <summary>The first 12 characters of <see cref="Hash"/>, enough to tell versions apart in URLs and screens.</summary>
    public string ShortHash => Hash[..12];

    /// <summary>The file it was loaded from.</summary>
    public string SourcePath { get; }

    /// <summary>The file's text, stored so a restarted server can finish calls begun on this version.</summary>
    public string Content { get; }

    /// <summary>How many prompts play a recording (the others are spoken): a reload republishes the same file when this changes.</summary>
    public int RecordingCount => _prompts.Values.Count(p => p is PlayInstruction);

    /// <summary>The folder recordings are served from (<c>prompts/</c> beside the flow file).</summary>
    public string PromptDirectory { get; }

    /// <summary>Compiles a successful load; throws <see cref="ArgumentException"/> when the load has errors (an invalid flow never serves).</summary>
    public static CompiledFlow Compile(FlowLoadResult load)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (!load.Succeeded || load.Flow is null)
        {
            throw new ArgumentException($"flow '{load.Path}' has errors and cannot be compiled:{Environment.NewLine}{string.Join(Environment.NewLine, load.Errors)}", nameof(load));
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(load.Path)) ?? ".";
        return new CompiledFlow(load.Flow, load.ContentHash, load.Path, load.Content, Path.Combine(baseDirectory, "prompts"));
    }

    /// <summary>Stateless's description of the machine (states, triggers, guards), for graphs.</summary>
    public StateMachineInfo GetInfo()
    {
        var machine = Rent();
        try
        {
            machine.Reset(new CallPosition(Definition.Start.Name, 0));
            return machine.Machine.GetInfo();
        }
        finally
        {
            _pool.Add(machine);
        }
    }

    private FlowMachine Rent() => _pool.TryTake(out var machine) ? machine : new FlowMachine(Definition);

    /// <summary>
    /// A recording is played when it exists and the provider can play it (<see cref="VoiceLimits.RecordingProblem"/>,
    /// which the validator reports as HL403), under its canonical name (the one the server serves); otherwise its text
    /// is spoken. <c>simulate</c> compiles the same way, so it says what the caller will hear.
    /// </summary>
    private VoiceInstruction Resolve(PromptDefinition prompt)
    {
        if (prompt.RecordingFile is { Length: > 0 } file && VoiceLimits.RecordingProblem(file) is null && File.Exists(Path.Combine(PromptDirectory, file)))
        {
            return new PlayInstruction(file, prompt.Text);
        }

        return new SayInstruction(prompt.Text, Definition.Language, Definition.Voice);
    }

    /// <summary>
    /// What <paramref name="prompt"/> sounds like on this version: its recording when it is played, else its words
    /// spoken (decided once at compile time, as for every state's prompts).
    /// </summary>
    public VoiceInstruction Speak(PromptDefinition prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return Prompt(prompt);
    }

    /// <summary>Words made for this call (a number, a time) spoken in the flow's language and voice.</summary>
    public SayInstruction Say(string text) => new(text, Definition.Language, Definition.Voice);

    private VoiceInstruction Prompt(PromptDefinition prompt) =>
        _prompts.TryGetValue(prompt, out var instruction) ? instruction : new SayInstruction(prompt.Text, Definition.Language, Definition.Voice);
}
