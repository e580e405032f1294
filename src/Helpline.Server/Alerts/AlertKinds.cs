namespace Helpline.Server.Alerts;

/// <summary>
/// The kinds of alert, as stored in <c>alert_events.kind</c>. The first four are facts of the whole line, read from
/// PostgreSQL, so every instance judges them alike; the last three are facts only one instance knows, recorded under
/// that instance's name.
/// </summary>
internal static class AlertKinds
{
    /// <summary>The line is open and nobody has been logged in for <see cref="AlertsOptions.NobodyLoggedInMinutes"/>.</summary>
    public const string NobodyLoggedIn = "nobody-logged-in";

    /// <summary>The caller waiting longest has waited more than <see cref="AlertsOptions.OldestWaitSeconds"/>.</summary>
    public const string OldestWait = "oldest-wait";

    /// <summary>Too many of the last hour's callers hung up while waiting (<see cref="AlertsOptions.AbandonRate"/>).</summary>
    public const string AbandonRate = "abandon-rate";

    /// <summary>One caller (by keyed hash) called more than <c>Helpline:Callers:MaxCallsPerHour</c> times in an hour.</summary>
    public const string CallerBurst = "caller-burst";

    /// <summary>This instance cannot reach PostgreSQL.</summary>
    public const string DatabaseUnreachable = "database-unreachable";

    /// <summary>This instance's journal holds call steps not yet written to PostgreSQL.</summary>
    public const string JournalNotEmpty = "journal-not-empty";

    /// <summary>This instance refused the last change of the flow file (the previous version keeps serving).</summary>
    public const string FlowReloadRefused = "flow-reload-refused";

    /// <summary>Every kind, in the order the page lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [DatabaseUnreachable, NobodyLoggedIn, OldestWait, AbandonRate, CallerBurst, JournalNotEmpty, FlowReloadRefused];

    /// <summary>True for a kind recorded under an instance's name rather than for the whole line.</summary>
    public static bool IsInstanceScoped(string kind) => kind is DatabaseUnreachable or JournalNotEmpty or FlowReloadRefused;
}
