using System.Runtime.CompilerServices;
using Helpline.Data;
using Helpline.Data.Calls;
using Helpline.Data.Routing;
using Helpline.Server.Observability;

namespace Helpline.Server.Storage;

/// <summary>
/// Every write of a call's webhooks — the caller's steps and end, the worker's pick-up and dial outcome — goes through
/// here: to PostgreSQL within the <see cref="StorageBudget"/>, or to the on-disk <see cref="CallJournal"/> when the
/// database fails or is too slow, and also while the journal still holds earlier writes of the same call, so they reach
/// the database in order. The caller is answered from the flow either way; the <see cref="JournalReplayer"/> writes the
/// journal when the database answers again, through the same store methods.
/// </summary>
/// <remarks>
/// Each method returns null when the write went to the journal (its result is then unknown). Being the one door of the
/// webhooks' writes, it counts calls started and ended and storage faults (<see cref="HelplineMetrics"/>); the replayer
/// counts the ends it writes. Thread-safe.
/// </remarks>
internal sealed partial class CallWriter(CallStore calls, RoutingStore routing, CallJournal journal, StorageBudget budget, HelplineMetrics metrics, ILogger<CallWriter> logger)
{
    /// <summary>Creates the call with its first step (<see cref="CallStore.StartAsync"/>).</summary>
    public async Task<StartResult?> StartAsync(NewCall call, CallAdvance first)
    {
        var result = await WriteAsync(ct => calls.StartAsync(call, first, ct), () => JournalEntry.Start(call, first), "incoming", call.CallSid);
        if (result is null or { Created: true })
        {
            metrics.CallStarted(); // journaled: a new call as far as we can tell (a retry during the outage counts twice)
        }

        return result;
    }

    /// <summary>Moves the call on from <paramref name="expectedStep"/> (<see cref="CallStore.AdvanceAsync"/>).</summary>
    public Task<AdvanceResult?> AdvanceAsync(string callSid, int expectedStep, CallAdvance next, string kind) =>
        WriteAsync(ct => calls.AdvanceAsync(callSid, expectedStep, next, ct), () => JournalEntry.Step(callSid, expectedStep, next), kind, callSid);

    /// <summary>Closes the call (<see cref="CallStore.CompleteAsync"/>); null when journaled.</summary>
    public async Task<CompletionResult?> CompleteAsync(CallCompletion completion)
    {
        var result = await WriteAsync(async ct => new StrongBox<(CompletionResult, string?)>(await calls.CloseAsync(completion, ct)), () => JournalEntry.Complete(completion), "status", completion.CallSid);
        if (result?.Value is (CompletionResult.Closed, var outcome))
        {
            metrics.CallEnded(outcome); // journaled: counted by the replayer, once written
        }

        return result?.Value.Item1;
    }

    /// <summary>Appends an event outside any step (<see cref="CallStore.AppendEventAsync"/>).</summary>
    public Task AppendAsync(string callSid, CallEventRecord e, DateTimeOffset at) =>
        WriteAsync(async ct => { await calls.AppendEventAsync(callSid, e, at, ct); return e; }, () => JournalEntry.Append(callSid, e, at), "status", callSid);

    /// <summary>The worker picked up (<see cref="RoutingStore.WorkerPickedUpAsync"/>): whether the offer is current, or null when journaled.</summary>
    public async Task<bool?> PickedUpAsync(string callSid, int workerId, int? offerNumber, DateTimeOffset at)
    {
        var result = await WriteAsync(async ct => new StrongBox<bool>(await routing.WorkerPickedUpAsync(callSid, workerId, offerNumber, at, ct)),
            () => JournalEntry.PickedUp(callSid, workerId, offerNumber, at), "agent/whisper", callSid);
        return result?.Value;
    }

    /// <summary>The worker's dial ended (<see cref="RoutingStore.DialOutcomeAsync"/>): what it did to the offer, or null when journaled.</summary>
    public async Task<OfferResult?> DialEndedAsync(string callSid, OfferEntry offer)
    {
        var result = await WriteAsync(
            async ct => new StrongBox<OfferResult>(await routing.DialOutcomeAsync(callSid, offer.WorkerId, offer.OfferNumber, offer.Outcome!.Value, offer.AutoPauseAfter, offer.WrapUpUntil ?? offer.At, offer.TalkSeconds, offer.At, ct)),
            () => JournalEntry.DialEnded(callSid, offer), "agent/result", callSid);
        return result?.Value;
    }

    private async Task<T?> WriteAsync<T>(Func<CancellationToken, Task<T>> write, Func<JournalEntry> entry, string kind, string callSid)
        where T : class
    {
        if (!journal.HasPendingFor(callSid))
        {
            using var within = budget.Start();
            try
            {
                return await write(within.Token);
            }
            catch (Exception ex) when (StorageFault.Is(ex) || ex is OperationCanceledException)
            {
                metrics.StorageFault(kind);
                LogStorageFault(logger, ex, kind, callSid);
            }
        }

        try
        {
            await journal.AppendAsync(entry());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The journal's disk failed too: the caller still gets the flow's answer; the write is lost, and logged.
            LogJournalFailed(logger, ex, kind, callSid);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Database unavailable during {Kind} webhook for call {CallSid}: answered from the flow, the write is kept in the journal")]
    private static partial void LogStorageFault(ILogger logger, Exception ex, string kind, string callSid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not journal the {Kind} write of call {CallSid} either (disk): it is not stored")]
    private static partial void LogJournalFailed(ILogger logger, Exception ex, string kind, string callSid);
}
