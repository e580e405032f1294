using Helpline.Data;
using Helpline.Data.Calls;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Helpline.Server.Storage;

/// <summary>
/// Writes the journal to the database when it answers again: every <see cref="JournalOptions.ReplayEverySeconds"/>
/// (on <see cref="TimeProvider"/>), oldest entry first, each through the same <see cref="CallStore"/> method the
/// webhook would have used. The store's own de-duplication makes a replayed entry apply once: a start of a call that
/// exists, or a step the call has already taken, changes nothing. The replay stops at the first database fault and
/// resumes at the next attempt; an entry the database refuses for its data (not a fault) is dropped and logged.
/// </summary>
internal sealed partial class JournalReplayer(
    CallJournal journal, CallStore calls, Helpline.Data.Routing.RoutingStore routing, Storage.DatabaseInitializer database, Observability.HelplineMetrics metrics,
    IOptions<JournalOptions> options, TimeProvider time, ILogger<JournalReplayer> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _single = new(1, 1);

    /// <summary>Writes the waiting entries, oldest first, until the journal is empty or the database fails; returns how many were written.</summary>
    public async Task<int> ReplayAsync(CancellationToken ct)
    {
        await _single.WaitAsync(ct);
        var written = 0;
        try
        {
            while (true)
            {
                var waiting = await journal.WaitingAsync(ct);
                if (waiting.Count == 0)
                {
                    break;
                }

                foreach (var entry in waiting)
                {
                    try
                    {
                        await ApplyAsync(entry, ct);
                        await journal.AcknowledgeOldestAsync(dropped: entry is null);
                        written++;
                    }
                    catch (PostgresException ex) when (!StorageFault.IsTransient(ex))
                    {
                        LogRefused(logger, ex, entry!.Kind, entry.CallSid);
                        await journal.AcknowledgeOldestAsync(dropped: true);
                    }
                    catch (Exception ex) when (StorageFault.IsTransient(ex))
                    {
                        metrics.StorageFault("journal-replay");
                        LogStillDown(logger, journal.Pending);
                        return written;
                    }
                    catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or System.Text.Json.JsonException)
                    {
                        // An entry that cannot be applied at all (written by another build, damaged): drop it, or the
                        // same entry would stop every replay — and, at start, the service — for ever.
                        LogRefused(logger, ex, entry?.Kind ?? "?", entry?.CallSid ?? "?");
                        await journal.AcknowledgeOldestAsync(dropped: true);
                    }
                }
            }

            if (written > 0)
            {
                LogWritten(logger, written);
            }

            return written;
        }
        finally
        {
            _single.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(options.Value.ReplayEverySeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            // The next wait starts before the attempt (whose outcome is logged), so a clock moved after it moves this wait too.
            var wait = Task.Delay(every, time, stoppingToken);
            if (journal.HasPending && database.Ready.IsCompleted)
            {
                try
                {
                    await ReplayAsync(stoppingToken);
                }
                catch (System.IO.IOException ex)
                {
                    LogJournalUnavailable(logger, ex); // the journal's disk: try again at the next round
                }
            }

            await wait;
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _single.Dispose();
        base.Dispose();
    }

    private async Task ApplyAsync(JournalEntry? entry, CancellationToken ct)
    {
        switch (entry)
        {
            case { Kind: "start", Call: { } call, Advance: { } first }:
                await calls.StartAsync(call, first, ct);
                break;
            case { Kind: "advance", ExpectedStep: { } expected, Advance: { } next }:
                await calls.AdvanceAsync(entry.CallSid, expected, next, ct);
                break;
            case { Kind: "complete", Completion: { } completion }:
                if (await calls.CloseAsync(completion, ct) is (CompletionResult.Closed, var ended))
                {
                    metrics.CallEnded(ended); // the status callback that was journaled did not count it
                }

                break;
            case { Kind: "event", Event: { } e, At: { } at }:
                await calls.AppendEventAsync(entry.CallSid, e, at, ct);
                break;
            case { Kind: "picked-up", Offer: { } offer }:
                await routing.WorkerPickedUpAsync(entry.CallSid, offer.WorkerId, offer.OfferNumber, offer.At, ct);
                break;
            case { Kind: "dial-outcome", Offer: { Outcome: { } outcome } offer }:
                await routing.DialOutcomeAsync(entry.CallSid, offer.WorkerId, offer.OfferNumber, outcome, offer.AutoPauseAfter, offer.WrapUpUntil ?? offer.At, offer.TalkSeconds, offer.At, ct);
                break;
            default:
                LogUnreadable(logger);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal: its folder could not be read or written; trying again at the next round")]
    private static partial void LogJournalUnavailable(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Journal: {Count} entries written to the database")]
    private static partial void LogWritten(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal: database still unavailable, {Pending} entries waiting")]
    private static partial void LogStillDown(ILogger logger, int pending);

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal: the database refused a {Kind} entry of call {CallSid}; it is dropped")]
    private static partial void LogRefused(ILogger logger, Exception ex, string kind, string callSid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal: an unreadable entry was dropped")]
    private static partial void LogUnreadable(ILogger logger);
}
