using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Helpline.Data.Routing;
using Helpline.Data.Statistics;
using Helpline.Data.WrapUps;
using Microsoft.Extensions.Options;
using Helpline.Server.Dashboard.Charts;
using Helpline.Server.Dashboard.Pages;

namespace Helpline.Server.Dashboard.Live;

/// <summary>
/// What the pages show live, as snapshots pushed by server-sent events: callers waiting, the longest wait, the
/// workers' states, and for a worker their own call and after-call state; for supervisors the queue and today's
/// counters. A snapshot is read from PostgreSQL once a second per open page (a few pages at most): simple, and it
/// shows the state written by any instance. Never a phone number.
/// </summary>
internal sealed class LiveFeed(
    RoutingStore routing, WrapUpStore wrapUps, StatisticsStore statistics, Core.Flows.Execution.FlowRegistry flows,
    IOptions<DashboardOptions> options, IOptions<StatisticsOptions> definitions, TimeProvider time)
{
    /// <summary>How often an open page gets a new snapshot (real time: it is about the network, not the helpline's clock).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>A worker's snapshot.</summary>
    public async Task<WorkerSnapshot> WorkerSnapshotAsync(int workerId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var workers = await routing.ListWorkersAsync(ct);
        var queue = await routing.QueueAsync(now, ct);
        var me = workers.FirstOrDefault(w => w.Id == workerId);
        var call = me is { Status: WorkerStatuses.Ringing or WorkerStatuses.OnCall } ? await routing.CurrentCallAsync(workerId, ct) : null;
        var pending = await wrapUps.PendingAsync(workerId, now, ct);
        return new WorkerSnapshot(
            queue.Count(c => c.Status == "waiting"),
            LongestWait(queue),
            workers.Where(w => w.Active && w.Id != workerId).Select(w => new WorkerLine(w.Id, w.Name, w.Status, FrenchText.WorkerLabel(w), null, 0)).ToList(),
            me is null ? null : new MySnapshot(
                me.Status,
                FrenchText.WorkerLabel(me),
                call is null ? null : new CallLine(null, FrenchText.MenuChoice(call.MenuChoice), FrenchText.Duration(call.WaitSeconds), CallTags(call)),
                me.Status == WorkerStatuses.WrapUp && me.WrapUpUntil is { } until ? (int)Math.Max(0, Math.Ceiling((until - now).TotalSeconds)) : null,
                pending is null ? null : new CallLine(pending.CallSid, FrenchText.MenuChoice(pending.MenuChoice), FrenchText.Duration(pending.WaitSeconds))));
    }

    /// <summary>What the call card says beside the menu choice: for a call-back's turn, its number and window first (never the number called).</summary>
    private string CallTags(CurrentCall call)
    {
        var tags = TagLabels(call.Tags);
        if (call.CallbackId is not { } id)
        {
            return tags;
        }

        var callback = call.CallbackWindow is { } window ? FrenchText.CallbackOnCallCard(id, window.From, window.To) : FrenchText.CallbackNumber(id);
        return tags.Length == 0 ? callback : callback + FrenchText.TagSeparator + tags;
    }

    /// <summary>The supervisors' snapshot.</summary>
    public async Task<SupervisorSnapshot> SupervisorSnapshotAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var workers = await routing.ListWorkersAsync(ct);
        var queue = await routing.QueueAsync(now, ct);
        var counters = await TodayAsync(ct);
        return new SupervisorSnapshot(
            queue.Count(c => c.Status == "waiting"),
            LongestWait(queue),
            workers.Where(w => w.Active).Select(w => new WorkerLine(w.Id, w.Name, w.Status, FrenchText.WorkerLabel(w),
                FrenchText.Duration(Math.Max(0, (now - w.StatusSince).TotalSeconds)), w.CallsAnswered)).ToList(),
            queue.Select(c => new QueueLine(c.Position, FrenchText.QueueState(c.Status), FrenchText.Duration(c.WaitedSeconds), FrenchText.MenuChoice(c.MenuChoice))).ToList(),
            Format(counters, DeclaredTags()));
    }

    /// <summary>The longest wait of the callers still waiting (a call already ringing for a worker no longer waits for one).</summary>
    private static string? LongestWait(IReadOnlyList<WaitingCall> queue) =>
        queue.Any(c => c.Status == "waiting") ? FrenchText.Duration(queue.Where(c => c.Status == "waiting").Max(c => c.WaitedSeconds)) : null;

    /// <summary>Today's counters (Paris day of the service clock).</summary>
    public Task<DayCounters> TodayAsync(CancellationToken ct)
    {
        var (from, to) = ParisCalendar.Day(ParisCalendar.DateOf(time.GetUtcNow()));
        return statistics.CountersAsync(from, to, options.Value.ServiceLevelSeconds, definitions.Value.ShortAbandonSeconds, Transfers(options.Value), ct);
    }

    /// <summary>The transfer destinations the options name.</summary>
    public static TransferDestinations Transfers(DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TransferDestinations(options.PoliceDestination, options.HousingDestination, options.ChildProtectionDestination);
    }

    /// <summary>The tags the serving flow declares (the page has a counter for each), in the flow's order.</summary>
    public IReadOnlyList<Core.Flows.TagDefinition> DeclaredTags() => flows.Current.Definition.DeclaredTags.Values.OrderBy(t => t.Position.Line).ToList();

    /// <summary>The labels of <paramref name="tags"/> in the serving flow's words, or the line's own for its built-in tags (a tag it no longer knows shows its name), joined.</summary>
    public string TagLabels(IEnumerable<string> tags) =>
        string.Join(FrenchText.TagSeparator, tags.Select(t => flows.Current.Definition.Tags.GetValueOrDefault(t)?.Label ?? t));

    /// <summary>The key of a tag's counter (<c>tag:ne-peut-pas-parler</c>).</summary>
    public static string TagCounterKey(string tag) => "tag:" + tag;

    /// <summary>
    /// The counters as the page writes them, by the keys of <see cref="FrenchText.CounterDefinitions"/>, then one per
    /// declared tag (<see cref="TagCounterKey"/>: calls that carried it today, 0 when none).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Format(DayCounters c, IReadOnlyList<Core.Flows.TagDefinition> tags)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(tags);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var formatted = new Dictionary<string, string>
        {
            ["offered"] = c.Offered.ToString(culture),
            ["answered"] = c.Answered.ToString(culture),
            ["abandoned"] = c.Abandoned.ToString(culture),
            ["shortAbandoned"] = c.ShortAbandoned.ToString(culture),
            ["abandonRate"] = FrenchText.Percent(c.AbandonRate),
            ["overflowed"] = c.Overflowed.ToString(culture),
            ["police"] = c.TransferredPolice.ToString(culture),
            ["housing"] = c.TransferredHousing.ToString(culture),
            ["child"] = c.TransferredChildProtection.ToString(culture),
            ["serviceLevel"] = FrenchText.Percent(c.ServiceLevel),
            ["averageWait"] = FrenchText.Duration(c.AverageWaitSeconds),
            ["longestWait"] = FrenchText.Duration(c.LongestWaitSeconds),
            ["averageTalk"] = FrenchText.Duration(c.AverageTalkSeconds),
        };
        foreach (var tag in tags)
        {
            formatted[TagCounterKey(tag.Name)] = c.TaggedCalls.GetValueOrDefault(tag.Name).ToString(culture);
        }

        return formatted;
    }

    /// <summary>Snapshots every <see cref="Period"/> until the page closes, as events named <paramref name="eventName"/>.</summary>
    public static async IAsyncEnumerable<SseItem<T>> StreamAsync<T>(Func<CancellationToken, Task<T>> snapshot, [EnumeratorCancellation] CancellationToken ct, string eventName = "etat")
        where T : class
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        while (!ct.IsCancellationRequested)
        {
            T? item;
            try
            {
                item = await snapshot(ct);
            }
            catch (Exception ex) when (Data.StorageFault.Is(ex))
            {
                item = default; // the database is away: the page keeps its last state and the next tick tries again
            }

            if (item is not null)
            {
                yield return new SseItem<T>(item, eventName) { ReconnectionInterval = TimeSpan.FromSeconds(3) };
            }

            try
            {
                await Task.Delay(Period, TimeProvider.System, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
