namespace Helpline.Data.Calls;

/// <summary>A call row as stored: where the call stands in its flow, and how it ended.</summary>
/// <param name="Id">The row's key (events refer to it).</param>
/// <param name="CallSid">The provider's call identifier.</param>
/// <param name="FlowName">The flow the call runs.</param>
/// <param name="FlowHash">The flow version's content hash: the call finishes on the version it began with.</param>
/// <param name="State">The flow state the call is in.</param>
/// <param name="StepNumber">How many steps moved the call (1 after the first webhook); a webhook names the step it answers.</param>
/// <param name="MenuReplays">Replays of the current menu so far.</param>
/// <param name="Outcome">Where the call went (e.g. <c>transferred:3919</c>, <c>queued</c>, <c>abandoned</c>), once known.</param>
/// <param name="LastTwiml">The last answer given, replayed when the provider repeats a webhook.</param>
/// <param name="StartedAt">When the first webhook arrived.</param>
/// <param name="UpdatedAt">When the row last changed.</param>
/// <param name="EndedAt">When the provider reported the end of the call, or null while it goes on.</param>
/// <param name="ProviderStatus">The provider's final status (<c>completed</c>, <c>busy</c>, …), once ended.</param>
/// <param name="DurationSeconds">The duration the provider reported, once ended.</param>
/// <param name="CallerHash">Keyed hash of the caller's number (never the number), or null when withheld.</param>
/// <param name="CallerNumber">The number in clear: null unless an operator turned storage on.</param>
public sealed record CallSnapshot(
    long Id,
    string CallSid,
    string FlowName,
    string FlowHash,
    string State,
    int StepNumber,
    int MenuReplays,
    string? Outcome,
    string? LastTwiml,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? EndedAt,
    string? ProviderStatus,
    int? DurationSeconds,
    string? CallerHash,
    string? CallerNumber)
{
    /// <summary>The tags the call carries (set by the flow's menu choices, or by the line), in the order set.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}
