namespace Helpline.Data.Calls;

/// <summary>
/// Core's <c>RecallRule</c> in whole seconds, as the call's creation statement applies it (and as the journal keeps it
/// for a start written later, so a replay decides as the webhook would have).
/// </summary>
/// <param name="WindowSeconds">How recent the earlier call must be; 0: recognition off.</param>
/// <param name="ShortCallSeconds">A conversation shorter than this was cut off.</param>
public sealed record RecallSettings(int WindowSeconds, int ShortCallSeconds);
