namespace Helpline.Data.Calls;

/// <summary>
/// The caller policies the call's creation applies (and that the journal keeps for a start written later).
/// </summary>
/// <param name="Saturation">Saturation mode is on: every new caller passes the keypad challenge before the queue.</param>
/// <param name="MaxCallsPerHour">More calls than this from one caller within an hour is over the limit (0: no limit).</param>
/// <param name="ChallengeOverLimit">A caller over the limit passes the challenge (false: only an alert).</param>
public sealed record CallerPolicySettings(bool Saturation, int MaxCallsPerHour, bool ChallengeOverLimit)
{
    /// <summary>No policy: no saturation, no limit.</summary>
    public static CallerPolicySettings None { get; } = new(false, 0, false);
}
