namespace Helpline.Data.Calls;

/// <summary>What a status callback did to the call row.</summary>
public enum CompletionResult
{
    /// <summary>The call was open and is now closed.</summary>
    Closed,

    /// <summary>The call was already closed (a repeated or late callback): nothing changed but the log.</summary>
    AlreadyClosed,

    /// <summary>No such call: only logged.</summary>
    Unknown,
}
