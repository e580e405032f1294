using Helpline.Core.Flows.Execution;
using Helpline.Data;
using Helpline.Data.Alerts;
using Helpline.Server.Callers;
using Helpline.Server.Dashboard.Pages;
using Helpline.Server.Flows;
using Helpline.Server.Observability;
using Helpline.Server.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Helpline.Server.Alerts;

/// <summary>
/// Judges every alert every <see cref="AlertsOptions.EvaluateSeconds"/> on the service's clock, records each start and
/// end in <c>alert_events</c>, tells the supervisors by e-mail, and leaves the banners on <see cref="AlertBoard"/>.
/// </summary>
/// <remarks>
/// <para>Line-wide alerts (<see cref="AlertRules"/>) are judged from PostgreSQL by every instance; the database decides
/// which instance records a start or an end (<see cref="AlertStore"/>: one open row per kind), and only that one sends
/// the e-mail. So two instances never record or mail the same start twice.</para>
/// <para>An instance's own alerts (PostgreSQL unreachable, its journal, its refused flow) are known by it alone: they
/// are told by e-mail at once, kept in memory while the database cannot be written, and recorded under the instance's
/// name when it can — an alert that began and ended while PostgreSQL was away is recorded afterwards with its real
/// times. After a restart, the instance takes back the open rows under its name and ends those no longer true.</para>
/// <para>Each start is counted once in <c>helpline.alerts.raised</c> (label <c>alert</c>: the kind): a line-wide one by
/// the instance that recorded it, an instance's own by that instance.</para>
/// <para>A storage fault is logged and the next round tries again; any other failure is a defect, logged, and the next
/// round goes on: the alerts never stop the host.</para>
/// </remarks>
internal sealed partial class AlertMonitor(
    AlertStore store,
    NpgsqlDataSource dataSource,
    DatabaseInitializer database,
    CallJournal journal,
    FlowRegistry flows,
    FlowReloadStatus reloads,
    AlertBoard board,
    AlertMailer mailer,
    HelplineMetrics metrics,
    AlertInstance instance,
    IHostApplicationLifetime lifetime,
    IOptions<AlertsOptions> options,
    IOptions<CallersOptions> callers,
    TimeProvider time,
    ILogger<AlertMonitor> logger) : BackgroundService
{
    /// <summary>An instance's alerts seen by another instance are shown while their owner confirmed them within this many rounds.</summary>
    private const int FreshRounds = 3;

    // Touched by the round only (one at a time).
    private readonly List<Episode> _episodes = [];
    private IReadOnlyList<AlertCondition> _line = [];
    private IReadOnlyList<StoredAlert> _open = [];
    private bool _adopted;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The instance's name needs the port the server listens on: begin once the server has started.
        using (var started = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStarted, stoppingToken))
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, started.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // started
            }
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.EvaluateSeconds), time);
        do
        {
            try
            {
                await RoundAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogDefect(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One judgement of every alert, its records and e-mails, and the banners.</summary>
    public async Task RoundAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var reachable = await HelplineDataSource.PingAsync(dataSource, ct);
        // The open rows as last read: while the database does not answer, the line's alerts last judged keep their
        // real start on the page (not "since now"), and other instances' alerts fade as their confirmation ages.
        var open = _open;
        if (reachable && database.IsReady)
        {
            try
            {
                var figures = await store.LineFiguresAsync(now, ct);
                _line = AlertRules.ForLine(figures, flows.Current.Definition.Calendar, now, options.Value, callers.Value.MaxCallsPerHour);
                open = _open = await store.OpenAsync(ct);
                await RecordLineAsync(_line, open, now, ct);
            }
            catch (Exception ex) when (StorageFault.Is(ex))
            {
                reachable = false;
                LogStorageFault(logger, ex);
            }
        }

        Track(OwnConditions(reachable), now);
        if (reachable && database.IsReady)
        {
            try
            {
                await RecordOwnAsync(open, now, ct);
                open = _open = await store.OpenAsync(ct);
                await store.CheckedAsync(_line.Select(c => (c.Kind, string.Empty)).Concat(Current().Select(e => (e.Condition.Kind, instance.Name))).ToList(), now, ct);
            }
            catch (Exception ex) when (StorageFault.Is(ex))
            {
                LogStorageFault(logger, ex);
            }
        }

        board.Publish(Banners(open, now));
    }

    /// <summary>What only this instance knows, true now.</summary>
    private List<AlertCondition> OwnConditions(bool reachable)
    {
        var found = new List<AlertCondition>();
        if (!reachable)
        {
            found.Add(new AlertCondition(AlertKinds.DatabaseUnreachable));
        }

        if (journal.Pending > 0)
        {
            found.Add(new AlertCondition(AlertKinds.JournalNotEmpty, Count: journal.Pending));
        }

        if (reloads.LastRejected is { } rejected && rejected.At > (reloads.LastAccepted ?? DateTimeOffset.MinValue))
        {
            found.Add(new AlertCondition(AlertKinds.FlowReloadRefused));
        }

        return found;
    }

    /// <summary>Records the line's starts and ends that this instance is the first to see; mails those it recorded.</summary>
    private async Task RecordLineAsync(IReadOnlyList<AlertCondition> line, IReadOnlyList<StoredAlert> open, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var condition in line.Where(c => !open.Any(o => o.Kind == c.Kind && o.Scope.Length == 0)))
        {
            if (await store.StartAsync(condition.Kind, string.Empty, now, null, condition.MeasureJson(), instance.Name, ct))
            {
                LogStarted(logger, condition.Kind, "line", condition.MeasureJson() ?? "{}");
                mailer.Enqueue(new AlertMail(condition.Kind, null, now, null));
                metrics.AlertRaised(condition.Kind);
            }
        }

        foreach (var ended in open.Where(o => o.Scope.Length == 0 && !line.Any(c => c.Kind == o.Kind)))
        {
            if (await store.EndAsync(ended.Kind, string.Empty, now, instance.Name, ct))
            {
                LogEnded(logger, ended.Kind, "line");
                mailer.Enqueue(new AlertMail(ended.Kind, null, ended.StartedAt, now));
            }
        }
    }

    /// <summary>Opens and closes this instance's own episodes in memory; mails each start and end at once.</summary>
    private void Track(IReadOnlyList<AlertCondition> conditions, DateTimeOffset now)
    {
        foreach (var kind in AlertKinds.All.Where(AlertKinds.IsInstanceScoped))
        {
            var condition = conditions.FirstOrDefault(c => c.Kind == kind);
            var current = _episodes.LastOrDefault(e => e.Condition.Kind == kind && e.EndedAt is null);
            if (condition is not null && current is null)
            {
                _episodes.Add(new Episode(condition, now));
                LogStarted(logger, kind, instance.Name, condition.MeasureJson() ?? "{}");
                mailer.Enqueue(new AlertMail(kind, instance.Name, now, null));
                metrics.AlertRaised(kind);
            }
            else if (condition is null && current is not null)
            {
                current.EndedAt = now;
                LogEnded(logger, kind, instance.Name);
                mailer.Enqueue(new AlertMail(kind, instance.Name, current.StartedAt, now));
            }
            else if (condition is not null && current is not null)
            {
                current.Condition = condition;
            }
        }
    }

    /// <summary>
    /// Writes this instance's episodes that the database does not have yet: first, after a start, takes back the rows
    /// a previous run of this instance left open (ending those no longer true); then each start, and each end.
    /// </summary>
    private async Task RecordOwnAsync(IReadOnlyList<StoredAlert> open, DateTimeOffset now, CancellationToken ct)
    {
        if (!_adopted)
        {
            foreach (var row in open.Where(o => o.Scope == instance.Name))
            {
                var episode = _episodes.FirstOrDefault(e => e.Condition.Kind == row.Kind && !e.StartRecorded);
                if (episode is null)
                {
                    // Left open by this instance's previous run and no longer true: its end is now.
                    episode = new Episode(new AlertCondition(row.Kind), row.StartedAt) { EndedAt = now };
                    _episodes.Insert(0, episode);
                    mailer.Enqueue(new AlertMail(row.Kind, instance.Name, row.StartedAt, now));
                }

                episode.StartedAt = row.StartedAt;
                episode.StartRecorded = true;
            }

            _adopted = true;
        }

        foreach (var episode in _episodes.ToList())
        {
            if (!episode.StartRecorded)
            {
                // A start and its end written together when the alert came and went while the database was away.
                await store.StartAsync(episode.Condition.Kind, instance.Name, episode.StartedAt, episode.EndedAt, episode.Condition.MeasureJson(), instance.Name, ct);
                episode.StartRecorded = true;
                episode.EndRecorded = episode.EndedAt is not null;
            }
            else if (episode.EndedAt is { } endedAt && !episode.EndRecorded)
            {
                await store.EndAsync(episode.Condition.Kind, instance.Name, endedAt, instance.Name, ct);
                episode.EndRecorded = true;
            }

            if (episode.EndRecorded)
            {
                _episodes.Remove(episode);
            }
        }
    }

    /// <summary>This instance's own alerts that hold now.</summary>
    private IEnumerable<Episode> Current() => _episodes.Where(e => e.EndedAt is null);

    /// <summary>
    /// The banners: the line's alerts as this instance judged them (since their recorded start), this instance's own,
    /// and the other instances' own alerts that their owner confirmed lately.
    /// </summary>
    private List<AlertBanner> Banners(IReadOnlyList<StoredAlert> open, DateTimeOffset now)
    {
        var settings = options.Value;
        var limit = callers.Value.MaxCallsPerHour;
        var shown = new List<(AlertCondition Condition, string? Instance, DateTimeOffset Since)>();
        foreach (var condition in _line)
        {
            shown.Add((condition, null, open.FirstOrDefault(o => o.Kind == condition.Kind && o.Scope.Length == 0)?.StartedAt ?? now));
        }

        foreach (var episode in Current())
        {
            shown.Add((episode.Condition, instance.Name, episode.StartedAt));
        }

        var fresh = now - TimeSpan.FromSeconds(FreshRounds * settings.EvaluateSeconds);
        foreach (var row in open.Where(o => o.Scope.Length > 0 && o.Scope != instance.Name && o.CheckedAt >= fresh))
        {
            shown.Add((new AlertCondition(row.Kind), row.Scope, row.StartedAt));
        }

        return shown
            .OrderBy(s => AlertKinds.All.ToList().IndexOf(s.Condition.Kind)).ThenBy(s => s.Instance, StringComparer.Ordinal)
            .Select(s => new AlertBanner(
                s.Instance is null ? s.Condition.Kind : s.Condition.Kind + "@" + s.Instance,
                s.Condition.Kind,
                FrenchText.AlertTitle(s.Condition.Kind),
                FrenchText.AlertMessage(s.Condition.Kind, s.Instance, s.Condition.Count, s.Condition.Total, settings),
                FrenchText.AlertDefinition(s.Condition.Kind, settings, limit),
                FrenchText.AlertSince(s.Since, now)))
            .ToList();
    }

    /// <summary>One of this instance's own alerts, from its start to the moment its end is recorded.</summary>
    private sealed class Episode(AlertCondition condition, DateTimeOffset startedAt)
    {
        public AlertCondition Condition { get; set; } = condition;

        public DateTimeOffset StartedAt { get; set; } = startedAt;

        public DateTimeOffset? EndedAt { get; set; }

        public bool StartRecorded { get; set; }

        public bool EndRecorded { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert started: {Kind} ({Scope}), measured {Measure}")]
    private static partial void LogStarted(ILogger logger, string kind, string scope, string measure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert ended: {Kind} ({Scope})")]
    private static partial void LogEnded(ILogger logger, string kind, string scope);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alerts: the database failed during a round; the next round tries again")]
    private static partial void LogStorageFault(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Alerts: a round failed unexpectedly (a defect, not the database); the next round goes on")]
    private static partial void LogDefect(ILogger logger, Exception ex);
}
