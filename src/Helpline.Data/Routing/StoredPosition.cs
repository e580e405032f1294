namespace Helpline.Data.Routing;

/// <summary>A call's position as stored on its row: the flow version, state, step counter and menu replays.</summary>
/// <param name="FlowHash">The flow version's content hash.</param>
/// <param name="State">The state.</param>
/// <param name="Step">The step counter.</param>
/// <param name="Attempt">Menu replays.</param>
public sealed record StoredPosition(string FlowHash, string State, int Step, int Attempt);
