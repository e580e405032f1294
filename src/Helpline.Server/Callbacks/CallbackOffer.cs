using Helpline.Data.Routing;

namespace Helpline.Server.Callbacks;

/// <summary>
/// A call-back request given to a worker, as it travels in the URLs of the worker's leg (<c>/voice/callback/worker</c>,
/// <c>accept</c>, <c>callee</c>, <c>result</c>, <c>worker-status</c>; built and read by <c>VoiceRoutes</c>): the request,
/// the worker, the offer's ordinal, and what the whisper says (the flow version and queue whose words are used, the
/// window's name, whether a message may be left, the menu choice and tags). The provider signs these URLs; they never
/// hold the caller's number (read, encrypted, from the database when the worker accepts).
/// </summary>
/// <param name="RequestId">The request ("rappel n° 12").</param>
/// <param name="WorkerId">The worker called.</param>
/// <param name="OfferNumber">This offer's ordinal for the request, or null when unknown.</param>
/// <param name="FlowHash">The flow version whose words are said, or null.</param>
/// <param name="QueueName">The queue whose call-back block is used, or null.</param>
/// <param name="WindowName">Her window's name, or null.</param>
/// <param name="MessageAllowed">Whether a neutral message may be left.</param>
/// <param name="MenuChoice">The menu key of the call that asked, or null.</param>
internal sealed record CallbackOffer(int RequestId, int WorkerId, int? OfferNumber, string? FlowHash, string? QueueName, string? WindowName, bool MessageAllowed, string? MenuChoice)
{
    /// <summary>The tags of the call that asked (names).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The queue key of the request's turn (<c>callback:&lt;id&gt;</c>).</summary>
    public string Key => Data.Callbacks.CallbackKeys.For(RequestId);

    /// <summary>The offer of <paramref name="assignment"/> (a call-back's turn).</summary>
    public static CallbackOffer From(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var callback = assignment.Callback ?? throw new ArgumentException("not a call-back's turn", nameof(assignment));
        return new CallbackOffer(callback.Id, assignment.WorkerId, assignment.OfferNumber, callback.FlowHash, callback.QueueName, callback.WindowName, callback.MessageAllowed, assignment.MenuChoice)
        {
            Tags = assignment.Tags,
        };
    }
}
