namespace Helpline.Data.Statistics;

/// <summary>
/// The supervisors' figures for a period, computed in SQL from <c>calls</c> and <c>queue_entries</c> (the definitions
/// are written on the supervisor page).
/// </summary>
/// <param name="Offered">Calls received (rows of <c>calls</c> that started in the period).</param>
/// <param name="Answered">Queued callers answered by a worker.</param>
/// <param name="Abandoned">Queued callers who hung up before a worker answered: while waiting, while a worker's phone rang, or during the whisper.</param>
/// <param name="Overflowed">Queued callers sent on to the overflow (3919) after the maximum wait or with nobody logged in.</param>
/// <param name="TransferredPolice">Calls put through to the police (17).</param>
/// <param name="TransferredHousing">Calls put through to emergency housing (115).</param>
/// <param name="TransferredChildProtection">Calls put through to the child-protection service.</param>
/// <param name="AnsweredWithinTarget">Answered callers who waited at most the service-level target.</param>
/// <param name="QueueFinished">Queued callers whose wait is over (answered + abandoned + overflowed).</param>
/// <param name="AverageWaitSeconds">Average wait of the queued callers whose wait is over; null when none.</param>
/// <param name="LongestWaitSeconds">Longest of those waits; null when none.</param>
/// <param name="AverageTalkSeconds">Average conversation of answered calls that ended; null when none.</param>
/// <param name="ShortAbandoned">Of <paramref name="Abandoned"/>, those who hung up within the first seconds of waiting (short abandons).</param>
public sealed record DayCounters(
    int Offered, int Answered, int Abandoned, int Overflowed, int TransferredPolice, int TransferredHousing, int TransferredChildProtection,
    int AnsweredWithinTarget, int QueueFinished, double? AverageWaitSeconds, int? LongestWaitSeconds, double? AverageTalkSeconds, int ShortAbandoned = 0)
{
    /// <summary>Calls received that carried each tag (a flow's menu choice or the line set it), by tag name; tags no call carried are absent.</summary>
    public IReadOnlyDictionary<string, int> TaggedCalls { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// Share of finished queued callers answered within the target (0–1); null when nobody queued. Short abandons stay
    /// in the denominator: on this line a caller cut off after a few seconds may be a victim who was interrupted.
    /// </summary>
    public double? ServiceLevel => QueueFinished == 0 ? null : (double)AnsweredWithinTarget / QueueFinished;

    /// <summary>Share of finished queued callers who hung up before a worker answered (0–1), short abandons included; null when nobody queued.</summary>
    public double? AbandonRate => QueueFinished == 0 ? null : (double)Abandoned / QueueFinished;
}
