namespace Helpline.Core.Flows.Simulation;

/// <summary>One line of a simulated call's transcript: where the call was and what happened there.</summary>
/// <param name="State">The state.</param>
/// <param name="Kind">What happened: <c>hears</c>, <c>tags</c>, <c>presses</c>, <c>no-key</c>, <c>transfer</c>, <c>transfer-result</c>, <c>queue</c>, <c>queue-result</c>, <c>hangs-up</c>, <c>decision</c>, <c>end</c>.</param>
/// <param name="Text">The words heard, the keys pressed, the number dialled…</param>
public sealed record SimulationStep(string State, string Kind, string Text)
{
    /// <summary>The transcript line, e.g. <c>[accueil] hears: « Bonjour… »</c>.</summary>
    public override string ToString() => $"[{State}] {Kind}: {Text}";
}
