using System.Text.Json;
using Helpline.Data.Calls;
using Helpline.Server.Observability;
using Helpline.Server.Storage;
using Helpline.Twilio.Webhooks;

namespace Helpline.Server.Voice;

/// <summary>
/// The end of a call, whoever reports it: the provider's status callback (<c>/voice/status</c>) or the stale-call
/// sweeper's lookup when that callback never came. One statement closes the call row, logs the callback and takes a
/// caller still waiting or offered out of the queue (freeing a worker whose phone rang for them); a worker who picked
/// up is left to their dial outcome (<see cref="CallStore.CompleteAsync"/>). Intermediate statuses are only logged.
/// </summary>
/// <remarks>Idempotent: a repeated or late end changes nothing and is logged as a duplicate.</remarks>
internal sealed partial class CallEnding(CallWriter writer, CallStore calls, HelplineMetrics metrics, TimeProvider time, ILogger<CallEnding> logger)
{
    /// <summary>The provider's status callback.</summary>
    public async Task StatusAsync(VoiceWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var request = webhook.Request;
        if (webhook.CallSid is not { } sid)
        {
            LogMalformed(logger);
            return;
        }

        var now = time.GetUtcNow();
        var detail = JsonSerializer.Serialize(new { request.CallStatus, request.CallDuration, request.SequenceNumber, request.Timestamp });
        if (CallStatuses.IsFinal(request.CallStatus))
        {
            await writer.CompleteAsync(new CallCompletion(sid, request.CallStatus!, request.CallDuration, now, detail));
        }
        else
        {
            await writer.AppendAsync(sid, new CallEventRecord(CallEventKinds.Status, null, null, request.CallStatus, detail), now);
        }
    }

    /// <summary>
    /// Closes a call the provider reports over when its status callback never came (the stale-call sweeper): the same
    /// statement as the status callback. Storage faults propagate (the sweeper tries again at its next round).
    /// </summary>
    public async Task<CompletionResult> EndAsync(CallCompletion completion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var (result, outcome) = await calls.CloseAsync(completion, ct);
        if (result == CompletionResult.Closed)
        {
            metrics.CallEnded(outcome);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status callback without a valid CallSid: ignored")]
    private static partial void LogMalformed(ILogger logger);
}
