namespace Helpline.Core.Flows.Execution;

/// <summary>One move of a call between states, recorded as an event.</summary>
/// <param name="From">The state left (<c>(new)</c> for a new call).</param>
/// <param name="To">The state entered.</param>
/// <param name="Trigger">What caused the move.</param>
/// <param name="Detail">Why, where useful (e.g. the calendar's reason for "closed").</param>
public sealed record FlowTransition(string From, string To, string Trigger, string? Detail);
