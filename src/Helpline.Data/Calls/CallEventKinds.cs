namespace Helpline.Data.Calls;

/// <summary>The kinds of <c>call_events</c> rows: one name per fact, shared by the webhooks that write them and the SQL that reads them.</summary>
public static class CallEventKinds
{
    /// <summary>Prefix of a webhook received (<c>webhook:incoming</c>, <c>webhook:gather</c>…), with its fields worth keeping.</summary>
    public const string WebhookPrefix = "webhook:";

    /// <summary>A move of the flow from one state to another, with its trigger.</summary>
    public const string Transition = "transition";

    /// <summary>A trigger that did not apply to the call's state (its instructions were repeated).</summary>
    public const string Ignored = "ignored";

    /// <summary>A status callback.</summary>
    public const string Status = "status";

    /// <summary>A status callback for a call already closed (repeated or late).</summary>
    public const string StatusDuplicate = "status-duplicate";

    /// <summary>A step that arrived after the call's end and asked for something new: recorded, not acted on.</summary>
    public const string AfterEnd = "after-end";

    /// <summary>The event of webhook <paramref name="route"/> (<c>incoming</c>, <c>gather</c>, <c>dial</c>, <c>queue</c>, <c>agent</c>…).</summary>
    public static string Webhook(string route) => WebhookPrefix + route;

    /// <summary>A caller policy applied to the call (a blocked caller's flag).</summary>
    public const string Policy = "policy";
}
