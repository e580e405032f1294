namespace Helpline.Core.Flows;

/// <summary>
/// Plays a prompt and waits for keys. A known choice goes to its state; no input or an unknown key replays the prompt
/// (after the matching short notice) until <see cref="Retries"/> replays are used, then goes to
/// <see cref="OnTimeout"/> / <see cref="OnInvalid"/> — so a caller who cannot or dare not press a key is never left alone.
/// </summary>
public sealed record MenuState(
    string Name,
    SourcePosition Position,
    PromptDefinition Prompt,
    IReadOnlyList<MenuChoice> Choices,
    int TimeoutSeconds,
    int Retries,
    PromptDefinition? NoInputPrompt,
    PromptDefinition? InvalidPrompt,
    StateReference? OnTimeout,
    StateReference? OnInvalid)
    : StateDefinition(Name, Position)
{
    /// <inheritdoc />
    public override StateKind Kind => StateKind.Menu;

    /// <inheritdoc />
    public override IReadOnlyList<(string Trigger, StateReference Target)> Transitions
    {
        get
        {
            var list = Choices.Select(c => (FlowTriggers.Digits(c.Keys), c.Target)).ToList();
            if (OnTimeout is not null)
            {
                list.Add((FlowTriggers.Timeout, OnTimeout));
            }

            if (OnInvalid is not null)
            {
                list.Add((FlowTriggers.Invalid, OnInvalid));
            }

            return list;
        }
    }

    /// <summary>The number of keys every choice has when they all have the same length (lets the provider stop listening early), else null.</summary>
    public int? FixedDigitCount
    {
        get
        {
            var lengths = Choices.Select(c => c.Keys.Length).Distinct().ToList();
            return lengths.Count == 1 ? lengths[0] : null;
        }
    }
}
