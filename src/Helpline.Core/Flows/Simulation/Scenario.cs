using Helpline.Core.Calendar;

namespace Helpline.Core.Flows.Simulation;

/// <summary>
/// One operator-written test of a flow: when the call happens, what the caller does, and what must happen. Every
/// expectation is optional; those given must all hold.
/// </summary>
public sealed record Scenario
{
    /// <summary>What the scenario checks, in the operator's words.</summary>
    public required string Name { get; init; }

    /// <summary>Where it is written.</summary>
    public required SourcePosition Position { get; init; }

    /// <summary>The instant of the call (<c>at:</c> written without an offset is the flow's local time).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>
    /// The operator's hours override in force during the whole call (<c>override: open</c> or <c>closed</c>), as set
    /// with <c>/api/hours/override</c>; null for none. It changes the flow's own calendar only, never a named one.
    /// </summary>
    public HoursOverrideMode? Override { get; init; }

    /// <summary>The caller's inputs and the transfer/queue outcomes, in order.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Outcome of transfers not given in <see cref="Inputs"/>.</summary>
    public string Dial { get; init; } = "answered";

    /// <summary>Outcome of queues not given in <see cref="Inputs"/>.</summary>
    public string Queue { get; init; } = "answered";

    /// <summary>The exact list of states entered, when given.</summary>
    public IReadOnlyList<string>? ExpectStates { get; init; }

    /// <summary>The state the call must end in.</summary>
    public string? ExpectEndsIn { get; init; }

    /// <summary>The outcome the call must have.</summary>
    public string? ExpectOutcome { get; init; }

    /// <summary>Phrases the caller must hear (each contained in the heard text).</summary>
    public IReadOnlyList<string> ExpectHears { get; init; } = [];

    /// <summary>The destination the call must be transferred to (the last transfer).</summary>
    public string? ExpectTransfersTo { get; init; }

    /// <summary>The queue the call must join.</summary>
    public string? ExpectQueue { get; init; }

    /// <summary>The exact set of tags the call must carry at the end (<c>tags: []</c>: none), when given.</summary>
    public IReadOnlyList<string>? ExpectTags { get; init; }
}
