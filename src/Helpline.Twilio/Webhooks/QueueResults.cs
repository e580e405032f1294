namespace Helpline.Twilio.Webhooks;

/// <summary>The values of <c>QueueResult</c> posted to an Enqueue action (the provider's exact list).</summary>
public static class QueueResults
{
    /// <summary>The caller was connected to someone, and that conversation is over.</summary>
    public const string Bridged = "bridged";

    /// <summary>The caller is being connected.</summary>
    public const string BridgingInProcess = "bridging-in-process";

    /// <summary>The provider failed to queue the call.</summary>
    public const string Error = "error";

    /// <summary>The caller hung up while waiting.</summary>
    public const string Hangup = "hangup";

    /// <summary>The wait URL answered <c>&lt;Leave&gt;</c>.</summary>
    public const string Leave = "leave";

    /// <summary>The call was redirected (REST) while waiting.</summary>
    public const string Redirected = "redirected";

    /// <summary>The call was redirected after being bridged.</summary>
    public const string RedirectedFromBridged = "redirected-from-bridged";

    /// <summary>The queue was full.</summary>
    public const string QueueFull = "queue-full";

    /// <summary>The provider had an internal error.</summary>
    public const string SystemError = "system-error";
}
