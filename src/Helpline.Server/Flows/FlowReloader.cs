using Helpline.Core.Flows.Execution;
using Helpline.Core.Flows.Loading;
using Helpline.Data.Flows;
using Microsoft.Extensions.Options;
using Helpline.Server.Hosting;

namespace Helpline.Server.Flows;

/// <summary>
/// Reloads the flow without downtime: watches the flow file's folder, and on a change (after a short settling delay,
/// since editors write files in several steps) loads and validates the file. A valid change is compiled and published
/// atomically — new calls use it, calls in progress finish on the version they started with (their URLs carry its
/// hash). An invalid change is refused with the same messages as <c>validate</c>, logged, shown in <c>/readyz</c>, and
/// the last good version keeps serving.
/// </summary>
internal sealed partial class FlowReloader(
    FlowRegistry registry,
    FlowReloadStatus status,
    FlowVersionStore versions,
    IOptions<HelplineOptions> options,
    TimeProvider time,
    ILogger<FlowReloader> logger) : BackgroundService
{
    /// <summary>How long the file must stay unchanged before it is read.</summary>
    public static TimeSpan SettleDelay { get; } = TimeSpan.FromMilliseconds(300);

    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);
    private readonly SemaphoreSlim _reloading = new(1, 1);

    /// <summary>Loads the file now; returns true when a new version was published.</summary>
    public async Task<bool> ReloadAsync(CancellationToken ct)
    {
        await _reloading.WaitAsync(ct);
        try
        {
            var path = options.Value.FlowPath;
            var load = FlowLoader.LoadFile(path, new FlowLoadOptions { DestinationNumbers = options.Value.Destinations });
            if (!load.Succeeded)
            {
                status.Reject(time.GetUtcNow(), load.ContentHash, load.Errors.ToList());
                LogRejected(logger, path, string.Join(Environment.NewLine, load.Errors));
                return false;
            }

            status.Accept(time.GetUtcNow());
            var flow = CompiledFlow.Compile(load);
            var current = registry.Current;
            if (flow.Hash == current.Hash && flow.RecordingCount == current.RecordingCount)
            {
                return false; // nothing a caller would notice changed
            }

            registry.Publish(flow, time.GetUtcNow());
            LogPublished(logger, flow.Name, flow.ShortHash);
            try
            {
                await versions.SaveAsync(new FlowVersionRecord(flow.Hash, flow.Name, flow.SourcePath, flow.Content, time.GetUtcNow()), ct);
            }
            catch (Exception ex) when (Data.StorageFault.Is(ex))
            {
                LogNotStored(logger, ex, flow.ShortHash);
            }

            return true;
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var file = Path.GetFullPath(options.Value.FlowPath);
        var folder = Path.GetDirectoryName(file)!;
        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        FileSystemEventHandler onChange = (_, e) =>
        {
            if (string.Equals(e.FullPath, file, StringComparison.Ordinal) || e.FullPath.StartsWith(Path.Combine(folder, "prompts"), StringComparison.Ordinal))
            {
                _changed.Release();
            }
        };
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Renamed += (sender, e) => onChange(sender, e);
        watcher.EnableRaisingEvents = true;

        while (!stoppingToken.IsCancellationRequested)
        {
            await _changed.WaitAsync(stoppingToken);
            // Let the editor finish writing: wait until no change arrives for SettleDelay. Every file event counts once,
            // so take all those that arrived during a wait: an install copying the flow and its recordings raises dozens
            // (cp, then mv, per file), and taking one per wait delayed the reload by SettleDelay per event (22 s).
            do
            {
                await Task.Delay(SettleDelay, time, stoppingToken);
            }
            while (TakeAllChanges() > 0);

            await ReloadAsync(stoppingToken);
        }
    }

    /// <summary>Takes every change signalled so far; returns how many there were.</summary>
    private int TakeAllChanges()
    {
        var taken = 0;
        while (_changed.Wait(0))
        {
            taken++;
        }

        return taken;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _changed.Dispose();
        _reloading.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Flow change in {Path} refused; the previous version keeps serving:\n{Errors}")]
    private static partial void LogRejected(ILogger logger, string path, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Flow {Name} version {Hash} published: new calls use it, calls in progress keep theirs")]
    private static partial void LogPublished(ILogger logger, string name, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flow version {Hash} is serving but could not be stored in the database")]
    private static partial void LogNotStored(ILogger logger, Exception ex, string hash);
}
