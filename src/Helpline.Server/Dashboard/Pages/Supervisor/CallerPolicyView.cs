using Helpline.Data.Callers;
using Helpline.Server.Callers;
using Helpline.Server.Dashboard.Charts;

namespace Helpline.Server.Dashboard.Pages.Supervisor;

/// <summary>
/// What the supervisors' page shows of the caller policies: flags (proposals to examine, flags in force), recent calls
/// to flag from (never a number), today's blocked calls, and saturation mode with its challenge counts.
/// </summary>
/// <param name="Proposals">Workers' reports waiting for a decision.</param>
/// <param name="Active">Flags in force.</param>
/// <param name="RecentCalls">The latest calls, to flag a caller from.</param>
/// <param name="BlockedToday">Calls ended by a blocked flag today (Paris day).</param>
/// <param name="Saturation">Saturation mode in force, or null.</param>
/// <param name="Passed">Callers who typed the code since saturation mode was set.</param>
/// <param name="Failed">Callers who failed it.</param>
/// <param name="Reasons">The reasons a flag may give (code, French label).</param>
/// <param name="DefaultDays">A flag's default lifetime, in days.</param>
/// <param name="MaxDays">Its longest lifetime, in days.</param>
public sealed record CallerPolicyView(
    IReadOnlyList<CallerFlag> Proposals, IReadOnlyList<CallerFlag> Active, IReadOnlyList<FlaggableCall> RecentCalls, int BlockedToday,
    SaturationMode? Saturation, int Passed, int Failed, IReadOnlyList<(string Code, string Label)> Reasons, int DefaultDays, int MaxDays)
{
    /// <summary>How many recent calls the flag form lists.</summary>
    public const int RecentCallCount = 30;

    /// <summary>Reads it all (a few small queries; the page is read by a handful of supervisors).</summary>
    public static async Task<CallerPolicyView> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        var store = services.GetRequiredService<FlagStore>();
        var flags = services.GetRequiredService<FlagService>();
        var saturation = services.GetRequiredService<SaturationService>().Active;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var current = await store.CurrentAsync(now, ct);
        var (from, to) = ParisCalendar.Day(ParisCalendar.DateOf(now));
        var (passed, failed) = saturation is null ? (0, 0) : await services.GetRequiredService<SaturationStore>().ChallengesSinceAsync(saturation.SetAt, ct);
        return new CallerPolicyView(
            current.Where(f => f.Status == CallerFlagStatuses.Proposed).ToList(),
            current.Where(f => f.Status == CallerFlagStatuses.Active).ToList(),
            await store.RecentCallsAsync(now, RecentCallCount, ct),
            await store.BlockedCallsAsync(from, to, ct),
            saturation, passed, failed, flags.Reasons, flags.Settings.DefaultFlagDays, flags.Settings.MaxFlagDays);
    }

    /// <summary>The French label of a reason code.</summary>
    public string ReasonLabel(string code) => Reasons.FirstOrDefault(r => r.Code == code).Label ?? code;
}
