namespace Helpline.Server.Voice;

/// <summary>
/// The call's position as we hand it to the provider in the URLs of our answer (Gather, Dial and Enqueue actions, the
/// wait URL, the worker's leg), and as it comes back with the next webhook: the flow version, the state, the step
/// number and the menu replays. The provider signs the URL, so it cannot be altered; the step number makes every
/// webhook apply at most once (the database update requires it). Built and read by <see cref="VoiceRoutes"/>.
/// </summary>
/// <param name="FlowHash">The flow version's content hash.</param>
/// <param name="State">The state the call was in when this URL was issued.</param>
/// <param name="StepNumber">How many steps the call had taken when this URL was issued (1 after <c>/voice/incoming</c>).</param>
/// <param name="MenuReplays">Replays of the current menu so far.</param>
internal sealed record StepToken(string FlowHash, string State, int StepNumber, int MenuReplays)
{
    /// <summary>The flow engine's view of the position.</summary>
    public Core.Flows.Execution.CallPosition Position => new(State, MenuReplays);
}
