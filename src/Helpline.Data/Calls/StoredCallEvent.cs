namespace Helpline.Data.Calls;

/// <summary>An entry of a call's event log as stored, for tests, statistics and the API.</summary>
/// <param name="Id">The row's key; events of one call are in the order of their ids.</param>
/// <param name="At">When it happened.</param>
/// <param name="Kind">What happened (<c>webhook:gather</c>, <c>transition</c>, <c>status</c>, <c>status-duplicate</c>, …).</param>
/// <param name="Step">The step the call reached with this event, or null for events outside a step (status callbacks).</param>
/// <param name="FromState">The state before, if relevant.</param>
/// <param name="ToState">The state after, if relevant.</param>
/// <param name="Trigger">The trigger or provider status, if relevant.</param>
/// <param name="DetailJson">Extra data as JSON (normalised by PostgreSQL's <c>jsonb</c>), or null.</param>
public sealed record StoredCallEvent(long Id, DateTimeOffset At, string Kind, int? Step, string? FromState, string? ToState, string? Trigger, string? DetailJson);
