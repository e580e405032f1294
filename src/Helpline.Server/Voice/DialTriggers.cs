using Helpline.Core.Flows;
using Helpline.Twilio.Webhooks;

namespace Helpline.Server.Voice;

/// <summary>The flow trigger for a transfer's outcome as the provider reports it: the provider's vocabulary stays out of the flow engine.</summary>
internal static class DialTriggers
{
    /// <summary>Answered, busy or no-answer; anything else (failed, canceled, unknown) counts as failed.</summary>
    public static string For(string? dialCallStatus) => dialCallStatus switch
    {
        DialCallStatuses.Completed or DialCallStatuses.Answered => FlowTriggers.Answered,
        DialCallStatuses.Busy => FlowTriggers.Busy,
        DialCallStatuses.NoAnswer => FlowTriggers.NoAnswer,
        _ => FlowTriggers.Failed,
    };
}
