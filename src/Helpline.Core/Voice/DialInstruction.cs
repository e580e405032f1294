namespace Helpline.Core.Voice;

/// <summary>Connect the caller to a number; the outcome (answered, busy, no answer, failed) comes back as the next webhook.</summary>
/// <param name="Number">The number to dial.</param>
/// <param name="Destination">The destination's name in the flow (for events and statistics).</param>
/// <param name="RingSeconds">How long to ring before giving up.</param>
public sealed record DialInstruction(string Number, string Destination, int RingSeconds) : VoiceInstruction;
