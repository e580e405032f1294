namespace Helpline.Core.Flows;

/// <summary>The kinds of state an operator can write in a flow (the <c>type:</c> key).</summary>
public enum StateKind
{
    /// <summary>Branches on the calendar: <c>open</c> or <c>closed</c>.</summary>
    Hours,

    /// <summary>Plays a prompt and waits for a key.</summary>
    Menu,

    /// <summary>Plays a prompt then goes on.</summary>
    Message,

    /// <summary>Dials a destination.</summary>
    Transfer,

    /// <summary>Joins the social workers' queue.</summary>
    Queue,

    /// <summary>Ends the call.</summary>
    Hangup,
}
