namespace Helpline.Data.Routing;

/// <summary>A call's position as stored on its row: the flow version, state, step counter and menu replays.</summary>
/// <param name="FlowHash">The flow version's content hash.</param>
/// <param name="State">The state.</param>
/// <param name="StepNumber">How many steps moved the call.</param>
/// <param name="MenuReplays">Replays of the current menu.</param>
public sealed record StoredPosition(string FlowHash, string State, int StepNumber, int MenuReplays);
