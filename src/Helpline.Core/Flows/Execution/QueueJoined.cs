namespace Helpline.Core.Flows.Execution;

/// <summary>
/// A step that put the caller in a queue for the social workers says so itself: which queue, and the menu choice that
/// led there (the keys of the trigger that entered the queue state; null when no key did — a menu's default, or a flow
/// that queues without a menu).
/// </summary>
/// <param name="QueueName">The queue state's queue.</param>
/// <param name="MenuChoice">The keys that led there, or null.</param>
public sealed record QueueJoined(string QueueName, string? MenuChoice);
