namespace Helpline.Core.Callbacks;

/// <summary>
/// Where a caller stands in the call-back sub-dialogue (<see cref="CallbackConversation"/>) and what she has chosen so
/// far. The server carries it, encrypted, in the URL of each question's Gather: nothing is stored until she confirms.
/// </summary>
/// <param name="Stage">The question being asked.</param>
/// <param name="Tries">How many times it has been asked again after no key or a key that means nothing (the second time, she goes back to waiting).</param>
public sealed record CallbackDialogueState(DialogueStage Stage, int Tries = 0)
{
    /// <summary>The number she typed (E.164), or null to call the number she calls from.</summary>
    public string? Number { get; init; }

    /// <summary>Numbers she typed that were refused so far.</summary>
    public int NumberFailures { get; init; }

    /// <summary>The key of the window she chose.</summary>
    public string? WindowKey { get; init; }

    /// <summary>Whether a neutral message may be left.</summary>
    public bool? MessageAllowed { get; init; }

    /// <summary><c>helpline</c> or <c>neutral</c>.</summary>
    public string? CallerId { get; init; }
}

/// <summary>The questions of the call-back sub-dialogue, in order.</summary>
public enum DialogueStage
{
    /// <summary>Confirm the number read back (1) or type another (2).</summary>
    ConfirmNumber,

    /// <summary>Type a number, then #.</summary>
    EnterNumber,

    /// <summary>As soon as possible (1) or a window's key.</summary>
    ChooseWindow,

    /// <summary>May a neutral message be left: 1 yes, 2 no.</summary>
    Message,

    /// <summary>Which number shows: 1 the helpline's, 2 the neutral one.</summary>
    CallerId,

    /// <summary>The summary: 1 confirm, 2 start again.</summary>
    Summary,
}
