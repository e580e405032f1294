namespace Helpline.Core.Flows;

/// <summary>
/// One state of a call flow as the operator wrote it. Subclasses hold each kind's settings; <see cref="Transitions"/>
/// lists every way out with the trigger that takes it, which is what validation, compilation and the graph all walk.
/// </summary>
/// <param name="Name">The state's unique name.</param>
/// <param name="Position">Where the state is declared.</param>
public abstract record StateDefinition(string Name, SourcePosition Position)
{
    /// <summary>The kind of state.</summary>
    public abstract StateKind Kind { get; }

    /// <summary>Every way out of the state: (trigger, target). A menu's retries (re-entry) are not listed.</summary>
    public abstract IReadOnlyList<(string Trigger, StateReference Target)> Transitions { get; }
}
