using Helpline.Core.Flows;
using Helpline.Data.Routing;
using Helpline.Server.Voice;
using Helpline.Twilio.Webhooks;

namespace Helpline.Server.Queue;

/// <summary>
/// The end of a queue wait (<c>/voice/queue</c>, the Enqueue action), by its <c>QueueResult</c>: redirected by the
/// dispatcher to a worker (nothing to do: the call now runs <c>/voice/agent</c>), hung up (abandoned in the queue), or
/// out of the queue for any other reason — the wait URL's <c>&lt;Leave&gt;</c>, a full queue, a provider error — which
/// is the queue state's overflow branch. The step and the queue entry's end are one statement.
/// </summary>
internal sealed class QueueExit(StepService steps)
{
    /// <summary>The answer to the Enqueue action.</summary>
    public Task<string> ExitAsync(VoiceWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var request = webhook.Request;
        var detail = new { request.QueueResult, request.QueueTime };
        return request.QueueResult switch
        {
            QueueResults.Redirected or QueueResults.BridgingInProcess => Task.FromResult(TwimlRenderer.Empty()),
            QueueResults.Hangup => steps.CallerLeftQueueAsync(webhook, "queue", detail),
            QueueResults.Bridged or QueueResults.RedirectedFromBridged => steps.FireAsync(webhook, "queue", (_, _) => FlowTriggers.Answered, detail, reportsThePast: true),
            // An overflow asks for something new, which a call already over must not get.
            _ => steps.FireAsync(webhook, "queue", (_, _) => FlowTriggers.Overflow, detail, reportsThePast: false, leaveQueueAs: QueueEntryStatuses.Overflowed),
        };
    }
}
