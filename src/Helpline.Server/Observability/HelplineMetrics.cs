using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Helpline.Core.Flows;

namespace Helpline.Server.Observability;

/// <summary>
/// The service's own counters, on one <see cref="Meter"/> named <see cref="MeterName"/>: calls started and ended (by
/// outcome), offers made and missed, storage faults (by operation) and alerts raised (by kind). The gauges — queue,
/// workers, journal, line open, flow reloads refused — read state other services already keep
/// (<see cref="HelplineGauges"/>). Names follow OpenTelemetry's conventions (dotted, lower case, unit in the metadata);
/// Prometheus shows <c>helpline.calls.started</c> as <c>helpline_calls_started_total</c>.
/// </summary>
/// <remarks>
/// <para>A label never carries a phone number, a caller hash or a CallSid: its values come from the code's vocabularies
/// (<see cref="CallOutcomes"/>, route names, <see cref="AlertKinds"/>) and the flow's destination names; anything else
/// is counted as <c>other</c>. Counting costs next to nothing when no exporter listens (metrics off).</para>
/// <para>Counts are per instance: with several instances, Prometheus sums them (<c>sum(rate(…))</c>).</para>
/// <para>Thread-safe (singleton).</para>
/// </remarks>
internal sealed partial class HelplineMetrics
{
    /// <summary>The meter's name, which an exporter subscribes to.</summary>
    public const string MeterName = "Helpline";

    /// <summary>The meter's version: the instruments' names and meanings change only with it.</summary>
    public const string MeterVersion = "1.0";

    private const string Other = "other";

    private readonly Counter<long> _callsStarted;
    private readonly Counter<long> _callsEnded;
    private readonly Counter<long> _offersMade;
    private readonly Counter<long> _offersMissed;
    private readonly Counter<long> _storageFaults;
    private readonly Counter<long> _alerts;

    /// <summary>Creates the meter (through the host's factory, which disposes it) and its counters.</summary>
    public HelplineMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(new MeterOptions(MeterName) { Version = MeterVersion });
        _callsStarted = Meter.CreateCounter<long>("helpline.calls.started", "{call}",
            "Calls that reached /voice/incoming for the first time (a provider's retry is not counted again).");
        _callsEnded = Meter.CreateCounter<long>("helpline.calls.ended", "{call}",
            "Calls whose end the provider reported (status callback, or the stale-call sweeper), by the outcome stored at that moment.");
        _offersMade = Meter.CreateCounter<long>("helpline.offers.made", "{offer}",
            "Waiting callers put through to a social worker's phone (the provider accepted the redirect).");
        _offersMissed = Meter.CreateCounter<long>("helpline.offers.missed", "{offer}",
            "Offers a social worker did not take (no answer, busy, declined) while the caller was still there: the caller went back to the front of the queue.");
        _storageFaults = Meter.CreateCounter<long>("helpline.storage.faults", "{fault}",
            "PostgreSQL failed or exceeded the storage budget; the caller was answered anyway (writes go to the journal).");
        _alerts = Meter.CreateCounter<long>("helpline.alerts.raised", "{alert}",
            "Situations a supervisor should know about, by kind (see AlertKinds).");
    }

    /// <summary>The meter every Helpline instrument lives on.</summary>
    public Meter Meter { get; }

    /// <summary>A new call was stored (or journaled).</summary>
    public void CallStarted() => _callsStarted.Add(1);

    /// <summary>A call's end was stored, with the outcome the row holds once closed.</summary>
    public void CallEnded(string? outcome) => _callsEnded.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeLabel(outcome)));

    /// <summary>A waiting caller was redirected to a worker's phone.</summary>
    public void OfferMade() => _offersMade.Add(1);

    /// <summary>A worker did not take an offer (the caller is back in the queue).</summary>
    public void OfferMissed() => _offersMissed.Add(1);

    /// <summary>A storage fault during <paramref name="operation"/> (a route name such as <c>gather</c>, or a background job's name).</summary>
    public void StorageFault(string operation) => _storageFaults.Add(1, new KeyValuePair<string, object?>("operation", Word(operation)));

    /// <summary>One line to raise an alert: <c>metrics.AlertRaised(AlertKinds.NobodyCanCome)</c>.</summary>
    public void AlertRaised(string kind) => _alerts.Add(1, new KeyValuePair<string, object?>("alert", Word(kind)));

    /// <summary>
    /// The outcome as a label: one of <see cref="CallOutcomes"/>, or a transfer's <c>transferred:</c>,
    /// <c>transferring:</c> or <c>transfer-&lt;result&gt;:</c> followed by the flow's destination name; <c>unknown</c>
    /// when none was stored; <c>other</c> for anything else (never free text, never a number).
    /// </summary>
    public static string OutcomeLabel(string? outcome) => outcome switch
    {
        null or "" => "unknown",
        CallOutcomes.Answered or CallOutcomes.Abandoned or CallOutcomes.AbandonedInQueue or CallOutcomes.Overflowed or CallOutcomes.Queued
            or CallOutcomes.Blocked or CallOutcomes.ChallengeFailed => outcome,
        _ when TransferOutcome().IsMatch(outcome) && !LooksLikeANumber(outcome) => outcome,
        _ => Other,
    };

    private static string Word(string value) => CodeWord().IsMatch(value) ? value : Other;

    /// <summary>Eight digits or more: a phone number, whatever the punctuation (a destination named 3919 or 116006 is not).</summary>
    private static bool LooksLikeANumber(string value) => value.Count(char.IsAsciiDigit) >= 8;

    [GeneratedRegex("^(transferred|transferring|transfer-[a-z-]{1,20}):[A-Za-z0-9_.-]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex TransferOutcome();

    [GeneratedRegex("^[a-z][a-z/-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeWord();
}
