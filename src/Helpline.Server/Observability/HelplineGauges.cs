using System.Diagnostics.Metrics;
using Helpline.Core.Flows.Execution;
using Helpline.Data;
using Helpline.Data.Routing;
using Helpline.Server.Flows;
using Helpline.Server.Hours;
using Helpline.Server.Storage;
using Microsoft.Extensions.Options;

namespace Helpline.Server.Observability;

/// <summary>
/// The gauges, read when an exporter collects them, never by a query per scrape: the queue and the workers from a
/// snapshot this service takes every <see cref="MetricsOptions.SnapshotSeconds"/> (one small query,
/// <see cref="RoutingStore.OverviewAsync"/>), only while metrics are exported; whether the line is open from the flow's
/// calendar and the hours override in memory; the journal and the refused flow reloads from the services that keep them.
/// The snapshot also raises the alerts that are changes of state (<see cref="AlertKinds"/>).
/// </summary>
/// <remarks>
/// <para>Every instance reads the same database, so the queue and worker gauges are the same on each: aggregate them
/// across instances with <c>max</c>, not <c>sum</c>. A snapshot older than three periods (the database is down) is not
/// reported: no value rather than a stale one.</para>
/// <para>Thread-safe: the snapshot is one immutable object swapped whole.</para>
/// </remarks>
internal sealed partial class HelplineGauges : BackgroundService
{
    private static readonly string[] Statuses =
        [WorkerStatuses.Available, WorkerStatuses.Ringing, WorkerStatuses.OnCall, WorkerStatuses.WrapUp, WorkerStatuses.Pause, WorkerStatuses.Offline];

    private readonly RoutingStore _routing;
    private readonly DatabaseInitializer _database;
    private readonly HelplineMetrics _metrics;
    private readonly IOptions<MetricsOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HelplineGauges> _logger;
    private volatile Snapshot? _snapshot;

    /// <summary>Creates the gauges on the Helpline meter.</summary>
    public HelplineGauges(
        HelplineMetrics metrics, RoutingStore routing, DatabaseInitializer database, CallJournal journal, FlowRegistry flows, FlowReloadStatus reloads,
        HoursOverrideService hours, IOptions<MetricsOptions> options, TimeProvider time, ILogger<HelplineGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        (_metrics, _routing, _database, _options, _time, _logger) = (metrics, routing, database, options, time, logger);
        var meter = metrics.Meter;
        meter.CreateObservableGauge<int>("helpline.queue.length", () => Fresh() is { } s ? [new Measurement<int>(s.Overview.Waiting)] : [], "{caller}",
            "Callers waiting for a social worker, not yet offered to one (a caller being offered shows as a worker ringing).");
        meter.CreateObservableGauge("helpline.queue.oldest_wait", OldestWait, "s",
            "How long the longest-waiting caller has waited; 0 when nobody waits.");
        meter.CreateObservableGauge("helpline.workers", Workers, "{worker}",
            "Active social workers by status: available, ringing, on-call, wrap-up, pause, offline.");
        meter.CreateObservableGauge("helpline.line.open", () => new Measurement<int>(IsOpen(flows, hours) ? 1 : 0), "1",
            "1 while the line is open (the flow's calendar with the hours override), 0 while closed.");
        meter.CreateObservableGauge("helpline.journal.pending", () => journal.Pending, "{entry}",
            "Call writes waiting in this instance's journal for the database (written in order once it answers).");
        meter.CreateObservableCounter("helpline.journal.dropped", () => journal.Dropped, "{entry}",
            "Call writes dropped because this instance's journal was full (Helpline:Journal:MaxEntries): lost from the database.");
        meter.CreateObservableCounter("helpline.flow.reloads.refused", () => reloads.Rejected, "{reload}",
            "Changes of the flow file that were refused (invalid): the previous version kept serving; /readyz says why.");
    }

    /// <summary>Reads the queue and the workers now, and raises the alerts their change calls for; storage faults are counted, not thrown.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        RoutingOverview overview;
        try
        {
            overview = await _routing.OverviewAsync(ct);
        }
        catch (Exception ex) when (StorageFault.Is(ex))
        {
            _metrics.StorageFault("metrics-snapshot");
            LogFailed(_logger, ex);
            return;
        }

        var previous = _snapshot?.Overview;
        var nobodyCanCome = overview.Waiting > 0 && !overview.SomeoneCanCome;
        if (nobodyCanCome && !(previous is { Waiting: > 0, SomeoneCanCome: false }))
        {
            _metrics.AlertRaised(AlertKinds.NobodyCanCome);
        }

        for (var i = previous?.AutoPaused ?? overview.AutoPaused; i < overview.AutoPaused; i++)
        {
            _metrics.AlertRaised(AlertKinds.WorkerAutoPaused);
        }

        _snapshot = new Snapshot(overview, _time.GetUtcNow());
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Value.Exported)
        {
            return; // nobody reads the gauges: no query
        }

        await _database.Ready.WaitAsync(stoppingToken);
        var every = TimeSpan.FromSeconds(_options.Value.SnapshotSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            await RefreshAsync(stoppingToken);
            await Task.Delay(every, _time, stoppingToken);
        }
    }

    private Snapshot? Fresh() =>
        _snapshot is { } s && _time.GetUtcNow() - s.At <= TimeSpan.FromSeconds(3 * _options.Value.SnapshotSeconds) ? s : null;

    private IEnumerable<Measurement<double>> OldestWait()
    {
        if (Fresh() is not { } s)
        {
            return [];
        }

        var waited = s.Overview.OldestJoinedAt is { } joined ? Math.Max(0, (_time.GetUtcNow() - joined).TotalSeconds) : 0;
        return [new Measurement<double>(waited)];
    }

    private IEnumerable<Measurement<int>> Workers()
    {
        if (Fresh() is not { } s)
        {
            return [];
        }

        return Statuses.Select(status => new Measurement<int>(s.Overview.WorkersByStatus.GetValueOrDefault(status), new KeyValuePair<string, object?>("status", status)));
    }

    private bool IsOpen(FlowRegistry flows, HoursOverrideService hours) =>
        flows.HasCurrent && flows.Current.Definition.Calendar.Evaluate(_time.GetUtcNow(), hours.Active).IsOpen;

    private sealed record Snapshot(RoutingOverview Overview, DateTimeOffset At);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the queue and the workers for the metrics; the gauges go blank until the database answers")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
