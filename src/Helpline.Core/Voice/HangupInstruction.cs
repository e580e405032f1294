namespace Helpline.Core.Voice;

/// <summary>End the call.</summary>
public sealed record HangupInstruction : VoiceInstruction
{
    /// <summary>The one instance (it has no data).</summary>
    public static HangupInstruction Instance { get; } = new();
}
