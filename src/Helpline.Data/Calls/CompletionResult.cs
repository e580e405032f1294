namespace Helpline.Data.Calls;

/// <summary>What a status callback did to the call row (<see cref="CallStore.CompleteAsync"/>).</summary>
public enum CompletionResult
{
    /// <summary>The call was open and is now closed.</summary>
    Closed,

    /// <summary>The call was already closed (a repeated or late callback): only a <c>status-duplicate</c> event was added.</summary>
    AlreadyClosed,

    /// <summary>No such call: the callback was only logged, with no call row.</summary>
    Unknown,
}
